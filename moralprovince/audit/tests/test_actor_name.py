from django.contrib.auth.models import AnonymousUser

from moralprovince.accounts.access import SYSTEM
from moralprovince.audit.services import log_action
from moralprovince.testing import MoralTestCase


class ActorNameTests(MoralTestCase):
    def test_the_log_names_a_person_the_system_and_an_anonymous_visitor_apart(self):
        names = [
            log_action(actor=actor, action="test.named", obj=self.school, province_id="84")
            for actor in (self.admin, SYSTEM, AnonymousUser())
        ]
        self.assertEqual([e.actor_name for e in names], ["admin", "system", "anonymous"])
        self.assertEqual([e.actor for e in names], [self.admin, None, None])
