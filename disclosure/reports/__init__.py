"""The annual 政府信息公开 report, the monthly 通报 and site health.

Figures that live in other apps (letters, surveys, applications) come in
through the hooks defined in :mod:`.hooks`; disclosure imports none of them."""
