"""Security family (DLX8xx): root users, leaked secrets, unverified downloads and permissions."""

#: The family's rules, in order: each rule's module (named by its code and name) and
#: its class. Listed, not imported: a run imports a rule's module when it needs the rule.
RULES = (
    ("dlx801_last_user_root", "LastUserRoot"),
    ("dlx807_no_user", "NoUser"),
    ("dlx802_secret_in_arg_or_env", "SecretInArgOrEnv"),
    ("dlx803_pipe_to_shell", "PipeToShell"),
    ("dlx804_insecure_transport", "InsecureTransport"),
    ("dlx805_world_writable_permissions", "WorldWritablePermissions"),
    ("dlx806_private_key_in_image", "PrivateKeyInImage"),
    ("dlx808_plain_http_download", "PlainHttpDownload"),
)
