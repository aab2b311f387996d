from django.db import models
from django.db.models import Q


class Postcode(models.Model):
    """A postcode unit (RM18 7AA), sector (RM18 7) or district (RM18), its centroid and, for a
    unit from the ONS Postcode Directory, the small area (LSOA), ward and council it lies in."""

    postcode = models.CharField(max_length=8, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    source = models.CharField(
        max_length=50, default="ONSPD", help_text="Where the point came from (ONSPD or demo)."
    )
    small_area_code = models.CharField("LSOA code", max_length=9, blank=True, default="")
    ward_code = models.CharField(max_length=9, blank=True, default="")
    local_authority_code = models.CharField(max_length=9, blank=True, default="")

    def __str__(self) -> str:
        return self.postcode


class SmallArea(models.Model):
    """A lower layer super output area (LSOA, about 1,500 people): the smallest area ONS
    publishes population estimates for. Wards and deprivation deciles are built from these."""

    code = models.CharField("LSOA code", max_length=9, primary_key=True)
    name = models.CharField(max_length=100, blank=True)
    # The ward the LSOA best fits (ONS best-fit lookup): LSOAs do not nest exactly in wards.
    ward_code = models.CharField(max_length=9, blank=True)
    ward_name = models.CharField(max_length=100, blank=True)
    local_authority_code = models.CharField(max_length=9, blank=True, db_index=True)
    local_authority_name = models.CharField(max_length=100, blank=True)
    # English Indices of Deprivation: 1 is the most deprived tenth of LSOAs in England.
    imd_decile = models.PositiveSmallIntegerField("IMD decile", null=True, blank=True)
    source = models.CharField(
        max_length=50, default="ONS", help_text="ONS, or 'illustrative' for the demo area."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(imd_decile__gte=1, imd_decile__lte=10) | Q(imd_decile__isnull=True),
                name="small_area_imd_decile_1_to_10",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ChildPopulation(models.Model):
    """ONS mid-year estimate of the children of one age (0, 1 or 2) living in a small area."""

    small_area = models.ForeignKey(SmallArea, on_delete=models.CASCADE, related_name="children")
    year = models.PositiveSmallIntegerField(help_text="The mid-year (30 June) of the estimate.")
    age = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["small_area", "year", "age"], name="child_population_once_per_age"
            ),
            models.CheckConstraint(condition=Q(age__lte=2), name="child_population_age_0_to_2"),
        ]

    def __str__(self) -> str:
        return f"{self.small_area_id} aged {self.age}, mid-{self.year}: {self.count}"


class Births(models.Model):
    """Live births in a year to mothers living in a local authority (ONS). ONS publishes births
    every year by local authority, not by LSOA; reports share them out over the authority's
    small areas in proportion to their babies aged 0."""

    local_authority_code = models.CharField(max_length=9)
    local_authority_name = models.CharField(max_length=100, blank=True)
    year = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()
    source = models.CharField(max_length=50, default="ONS")

    class Meta:
        verbose_name_plural = "births"
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority_code", "year"], name="births_once_per_authority_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_authority_code} {self.year}: {self.count}"
