"""Drop-in modules for code written against the official ``appwrite`` Python SDK.

* :mod:`appwrite_executions.compat.sdk_0_4`: the executions calls of ``appwrite==0.4.0``
  (0.9 servers), answering plain dicts in the 0.9 shape;
* :mod:`appwrite_executions.compat.sdk_16`: those of ``appwrite==16.0.0`` (1.8
  servers), answering objects with the SDK models' attribute names, plus ``Query``.

Either one runs against every server line this client speaks (0.7 and newer): change
the script's imports and nothing else. Everything goes through
:class:`appwrite_executions.Client` (version detection, the version chain, retries,
typed errors), and each failure comes out as the SDK's ``AppwriteException``.
"""
