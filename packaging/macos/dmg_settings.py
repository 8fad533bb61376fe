# dmgbuild settings of kcp-pos-<version>.dmg: the app and a link to /Applications, side by
# side, so installing is one drag. packaging/build-macos runs:
#     dmgbuild -s packaging/macos/dmg_settings.py -D app=dist/kcp-pos.app \
#         "kcp-pos 0.1.0" dist/kcp-pos-0.1.0.dmg
# dmgbuild executes this file with `defines` (the -D values) predefined.
# ruff: noqa: F821
import os.path

application = defines.get("app", "dist/kcp-pos.app")
app_name = os.path.basename(application)

format = "UDZO"  # zlib-compressed, read-only: opens on every supported macOS
filesystem = "HFS+"
size = None  # as small as the contents allow
files = [application]
symlinks = {"Applications": "/Applications"}
icon = defines.get("volume_icon", "packaging/icons/kcp-pos.icns")
icon_locations = {app_name: (140, 170), "Applications": (400, 170)}

background = "builtin-arrow"
show_status_bar = False
show_tab_view = False
show_toolbar = False
show_pathbar = False
show_sidebar = False
window_rect = ((200, 200), (540, 360))
default_view = "icon-view"
arrange_by = None
icon_size = 112
text_size = 13
