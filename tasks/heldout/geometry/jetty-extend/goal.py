import bpy

deck = bpy.data.objects["Deck"].modifiers["Array"]
deck.count = 16
deck.relative_offset_displace = (0.0, 1.15, 0.0)

posts = bpy.data.objects["Posts"].modifiers["Array"]
posts.count = 4
posts.constant_offset_displace = (0.0, 1.1, 0.0)

rail = bpy.data.objects["Rail"].modifiers["Array"]
rail.count = 3
rail.constant_offset_displace = (0.0, 1.0, 0.0)
