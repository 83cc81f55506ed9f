"""What the API server does: the model objects, decoding, defaulting, validation and serialization.

Nothing here knows about the controller, the simulation or kubectl.
"""
