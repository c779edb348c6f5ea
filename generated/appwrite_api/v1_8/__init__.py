"""A client library for accessing Appwrite executions 1.8"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
