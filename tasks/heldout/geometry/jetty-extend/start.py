import bpy

deck = bpy.data.objects["Deck"].modifiers["Array"]
deck.count = 8
deck.relative_offset_displace = (0.0, 1.0, 0.0)

posts = bpy.data.objects["Posts"].modifiers["Array"]
posts.count = 2
posts.constant_offset_displace = (0.0, 1.2, 0.0)

rail = bpy.data.objects["Rail"].modifiers["Array"]
rail.count = 2
rail.constant_offset_displace = (0.0, 1.0, 0.0)
