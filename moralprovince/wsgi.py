import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moralprovince.settings")
application = get_wsgi_application()

# What is loaded now (settings, models, the URLs and their views) lives as long as the
# worker. Frozen, it is left out of the garbage collector's full passes: without this, a
# full pass during a big page scanned it all again and made that request 100 ms slower or more.
import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()
