"""A client library for accessing Appwrite executions 0.9"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
