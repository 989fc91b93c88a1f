"""The grants web pages: the applicant portal and the staff pages, on grants.services."""
