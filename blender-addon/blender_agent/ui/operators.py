import bpy

from .. import edit_requests, live
from ..transport.websocket_client import WebSocketError, normalize_fingerprint
from .preferences import preferences


class BLENDER_AGENT_OT_connect(bpy.types.Operator):
    bl_idname = "blender_agent.connect"
    bl_label = "Connect"
    bl_description = "Connect this Blender to the agent sidecar (the network runs in the background)"

    def execute(self, context):
        prefs = preferences(context)
        if not prefs.url.startswith(("ws://", "wss://")):
            self.report({"ERROR"}, "The sidecar URL must start with ws:// or wss:// (got %r)" % prefs.url)
            return {"CANCELLED"}
        if not prefs.token:
            self.report({"ERROR"}, "Set the session token in the add-on's preferences first")
            return {"CANCELLED"}
        try:
            fingerprint = normalize_fingerprint(prefs.tls_fingerprint) if prefs.url.startswith("wss://") else None
        except WebSocketError as exc:
            self.report({"ERROR"}, str(exc))
            return {"CANCELLED"}
        live.connect(prefs.url, prefs.token, fingerprint)
        return {"FINISHED"}


class BLENDER_AGENT_OT_disconnect(bpy.types.Operator):
    bl_idname = "blender_agent.disconnect"
    bl_label = "Disconnect"
    bl_description = "Close the connection to the agent sidecar"

    def execute(self, context):
        live.disconnect()
        return {"FINISHED"}


class BLENDER_AGENT_OT_edit_decide(bpy.types.Operator):
    bl_idname = "blender_agent.edit_decide"
    bl_label = "Decide on the MCP client's edit"
    bl_description = "Accept (apply it as one undo step) or reject the edit an MCP client asks to apply"

    request_id: bpy.props.StringProperty(options={"HIDDEN"})
    accept: bpy.props.BoolProperty(options={"HIDDEN"})

    def execute(self, context):
        conn = live.connection()
        if conn is None:
            self.report({"ERROR"}, "Not connected to the sidecar")
            return {"CANCELLED"}
        edit_requests.decided(self.request_id)
        conn.request_async("edit.decide", {"requestId": self.request_id, "accept": self.accept},
                           lambda result, error: edit_requests.answer_failed(error))
        return {"FINISHED"}
