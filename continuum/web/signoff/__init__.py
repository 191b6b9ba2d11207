"""Sign-off in the browser: submit for authorisation, authorise or return, and the manager's tray."""
