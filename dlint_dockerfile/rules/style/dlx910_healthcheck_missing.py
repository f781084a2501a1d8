"""The final image has no HEALTHCHECK."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule

__all__ = ["HealthcheckMissing"]


class HealthcheckMissing(Rule):
    """The final image has no HEALTHCHECK.

    ## What it does
    Reports the final stage when neither it nor the stages it is built from declare a
    `HEALTHCHECK` (`HEALTHCHECK NONE` counts as a decision). Off by default: many images
    (CLIs, base images, Kubernetes workloads with probes) do not need one, and the base
    image may declare one that dlint cannot see.

    ## Why
    Without a health check, Docker and Swarm only know whether the process runs, not whether
    it serves requests.

    ## Example
    ```dockerfile
    FROM nginx:1.27
    COPY site /usr/share/nginx/html
    ```

    ## Use instead
    ```dockerfile
    FROM nginx:1.27
    COPY site /usr/share/nginx/html
    HEALTHCHECK CMD curl -fs http://localhost/ || exit 1
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX910"
    name = "healthcheck-missing"
    aliases = ("DL3057",)
    category = "style"
    severity = Severity.INFO
    default_enabled = False

    def finish(self) -> None:
        final = self.model.final_stage
        stage = final
        while stage is not None:
            if any(ins.name == "HEALTHCHECK" for ins in stage.instructions):
                return
            stage = stage.parent
        if final is None:
            return
        where = final.base_word or final.from_instruction
        self.report(
            where,
            "the final image has no HEALTHCHECK; add one so the runtime can tell it is healthy",
        )
