"""The widgets' modules; ``k8sjobs_edu.widgets`` is their public face."""
