"""Recording HTTP traffic into vcrpy cassettes, and the settings to replay it."""
