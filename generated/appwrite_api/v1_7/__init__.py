"""A client library for accessing Appwrite executions 1.7"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
