from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Remove a user's TOTP devices (a lost phone): the user enrols a new "
        "one at the next login."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        deleted, _by_model = TOTPDevice.objects.filter(user=user).delete()
        self.stdout.write(f"已清除“{username}”的两步验证设备 {deleted} 个。")
