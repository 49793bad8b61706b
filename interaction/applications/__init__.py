"""依申请公开: applications for government information (条例 Chapter IV).

It lives in ``interaction`` beside the mailbox because it needs the captcha,
rate limits, masking and the notification outbox that live here; the annual
report in ``disclosure`` reads its figures through a hook
(:func:`interaction.applications.figures.table3`)."""
