package io.lollmsbot.guardian.control;

/** Kinds of secrets the Guardian redacts; {@link #id()} follows the gitleaks rule ids where one exists. */
public enum SecretKind {
    OPENAI_API_KEY("openai-api-key"),
    ANTHROPIC_API_KEY("anthropic-api-key"),
    OPENROUTER_API_KEY("openrouter-api-key"),
    HUGGINGFACE_TOKEN("huggingface-access-token"),
    GITHUB_TOKEN("github-pat"),
    SLACK_TOKEN("slack-token"),
    AWS_ACCESS_KEY_ID("aws-access-token"),
    AWS_SECRET_ACCESS_KEY("aws-secret-access-key"),
    GCP_API_KEY("gcp-api-key"),
    STRIPE_TOKEN("stripe-access-token"),
    GITLAB_TOKEN("gitlab-pat"),
    NPM_TOKEN("npm-access-token"),
    PYPI_TOKEN("pypi-upload-token"),
    SENDGRID_TOKEN("sendgrid-api-token"),
    DIGITALOCEAN_TOKEN("digitalocean-access-token"),
    SLACK_WEBHOOK("slack-webhook-url"),
    GCP_SERVICE_ACCOUNT("gcp-service-account"),
    PRIVATE_KEY("private-key"),
    JWT("jwt"),
    URL_PASSWORD("url-password"),
    LOLLMSBOT_TOKEN("lollmsbot-api-token"),
    BEARER_TOKEN("authorization-bearer"),
    PASSWORD_PARAMETER("password-parameter"),
    /** Not a secret: a link or image in a model reply whose URL would carry data out ({@link ExfiltrationLinks}). */
    EXFILTRATION_LINK("exfiltration-link");

    private final String id;

    SecretKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
