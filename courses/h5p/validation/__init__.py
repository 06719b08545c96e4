"""Validation of uploaded .h5p packages, before anything is stored. ``validate_package`` returns a
``ValidatedPackage`` (files unpacked in a private temporary folder) or raises ``H5PValidationError`` with one
message per problem; ``courses.h5p.services`` then moves the files into place."""

from . import messages
from .package import H5PValidationError, LibraryRef, PackageLibrary, ValidatedPackage, validate_package

__all__ = ["H5PValidationError", "LibraryRef", "PackageLibrary", "ValidatedPackage", "messages", "validate_package"]
