"""The journey has no Django admin on purpose.

Contacts, episodes, visits, the chronology and every other stage of a child's
journey are case records. They are read only on the service's pages, which ask
the permissions policy and write the access log, and changed only through the
services; the admin would be a way round both (continuum/core/admin.py).
"""
