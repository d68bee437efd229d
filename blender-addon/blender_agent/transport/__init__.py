"""Wire-side code: WebSocket client, JSON-RPC dispatcher, connection thread.

Nothing in this package imports ``bpy``; plain ``python3`` can import and test it.
"""
