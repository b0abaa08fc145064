from io import StringIO

from django.core.management import CommandError, call_command

from moralprovince.accounts.models import ApiToken, hash_token
from moralprovince.testing import MoralTestCase


class ApiTokenCommandTests(MoralTestCase):
    def test_it_prints_a_token_once_and_stores_only_its_hash(self):
        out = StringIO()
        call_command("create_api_token", "coordinator", stdout=out)
        raw = out.getvalue().strip()
        self.assertTrue(raw.startswith(ApiToken.PREFIX))
        token = ApiToken.objects.get(user=self.coordinator)
        self.assertEqual(token.token_hash, hash_token(raw))
        self.assertNotIn(raw, str(ApiToken.objects.values_list()))

    def test_an_unknown_user_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "No user named 'ghost'"):
            call_command("create_api_token", "ghost")
