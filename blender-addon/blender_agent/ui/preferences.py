import bpy

ADDON_ID = __package__.rpartition(".")[0]


class BlenderAgentPreferences(bpy.types.AddonPreferences):
    bl_idname = ADDON_ID

    url: bpy.props.StringProperty(
        name="Sidecar URL",
        description="WebSocket address the sidecar printed when it started",
        default="ws://127.0.0.1:8765",
    )
    token: bpy.props.StringProperty(
        name="Token",
        description="Session token the sidecar printed when it started",
        subtype="PASSWORD",
    )
    tls_fingerprint: bpy.props.StringProperty(
        name="TLS fingerprint",
        description="For a wss:// sidecar with a self-signed certificate: the SHA-256 fingerprint it printed. "
                    "Empty: the certificate must be trusted by this system",
    )

    def draw(self, context):
        layout = self.layout
        layout.prop(self, "url")
        layout.prop(self, "token")
        if self.url.startswith("wss://"):
            layout.prop(self, "tls_fingerprint")
        layout.label(text="Start the sidecar with `npm start`; it prints these values.")


def preferences(context):
    return context.preferences.addons[ADDON_ID].preferences
