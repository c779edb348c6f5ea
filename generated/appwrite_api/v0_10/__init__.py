"""A client library for accessing Appwrite executions 0.10"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
