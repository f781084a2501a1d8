"""Runtime family (DLX5xx): CMD, ENTRYPOINT and HEALTHCHECK, how the container starts."""

#: The family's rules, in order: each rule's module (named by its code and name) and
#: its class. Listed, not imported: a run imports a rule's module when it needs the rule.
RULES = (
    ("dlx501_json_args_recommended", "JsonArgsRecommended"),
    ("dlx502_multiple_cmd", "MultipleCmd"),
    ("dlx503_multiple_entrypoint", "MultipleEntrypoint"),
    ("dlx504_multiple_healthcheck", "MultipleHealthcheck"),
    ("dlx505_shell_entrypoint_ignores_cmd", "ShellEntrypointIgnoresCmd"),
    ("dlx506_exec_form_command_line", "ExecFormCommandLine"),
    ("dlx507_exec_form_variable", "ExecFormVariable"),
    ("dlx508_not_json_exec_form", "NotJsonExecForm"),
    ("dlx509_debian_frontend_in_env", "DebianFrontendInEnv"),
)
