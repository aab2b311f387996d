from django.db import models


class Postcode(models.Model):
    """A postcode unit (RM18 7AA), sector (RM18 7) or district (RM18) and its centroid."""

    postcode = models.CharField(max_length=8, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    source = models.CharField(
        max_length=50, default="ONSPD", help_text="Where the point came from (ONSPD or demo)."
    )

    def __str__(self) -> str:
        return self.postcode
