"""``episode.progress``: the sidecar's notification of where the panel's episode stands."""

from .. import episode_state


def episode_progress(params):
    return episode_state.apply_progress(params)
