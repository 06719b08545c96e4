"""Signals other apps listen to (certificates issue one when a course is completed)."""

from django.dispatch import Signal

#: Sent once, after the transaction that marked an enrolment complete, with keyword arguments
#: ``enrollment`` (``courses.Enrollment``), ``user`` and ``course`` (the default-locale ``CoursePage``).
course_completed = Signal()
