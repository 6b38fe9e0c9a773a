from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "wingman.referrals"
    label = "referrals"
