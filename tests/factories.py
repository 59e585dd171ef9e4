import datetime
import io

import factory
from django.db.models import F
from django.utils import timezone
from PIL import Image

from accounts.models import User
from articles.models import Article, Category
from comments.models import Comment
from units.models import Unit


def jpeg_bytes(size=(1200, 675), colour=(139, 13, 13)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("short_name",)

    short_name = factory.Sequence(lambda n: f"Polres Contoh {n}")
    name = factory.LazyAttribute(lambda unit: f"Kepolisian Resor {unit.short_name}")
    level = Unit.Level.POLRES
    province = "Sulawesi Selatan"
    hq_city = "Makassar"
    tz_name = "Asia/Makassar"
    tz_label = "WITA"


USER_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.id")
    display_name = factory.Faker("name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", USER_PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class StaffFactory(UserFactory):
    """A humas staff member of a unit, in one of the role groups (Operator, Editor…)."""

    is_staff = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.add(Group.objects.get(name=extracted))


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Rubrik {n}")
    slug = factory.Sequence(lambda n: f"rubrik-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published story by default; pass status/publish_at for drafts and schedules."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Polisi Gelar Kegiatan Bakti Sosial Nomor {n}")
    unit = factory.SubFactory(UnitFactory)
    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(UserFactory)
    lead = "Ringkasan singkat kegiatan kepolisian."
    body = "<p>Personel kepolisian menggelar kegiatan di tengah masyarakat.</p>"
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    # A story created live has been caught up with; drafts and schedules have not.
    went_live_at = factory.LazyAttribute(
        lambda article: (
            article.publish_at
            if article.status == Article.Status.PUBLISHED
            and article.publish_at
            and article.publish_at <= timezone.now()
            else None
        )
    )

    class Params:
        # A 1600x900 photo: wide enough for every rendition (400, 800, 1200 px).
        with_image = factory.Trait(
            featured_image=factory.django.ImageField(
                width=1600, height=900, color="navy", format="JPEG", filename="foto.jpg"
            ),
            image_alt="Personel berbaris di halaman markas",
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class CommentFactory(factory.django.DjangoModelFactory):
    """An approved guest comment posted an hour ago; the article's count follows, as in the app."""

    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    author_name = factory.Faker("name", locale="id_ID")
    author_email = factory.Sequence(lambda n: f"pembaca{n}@example.id")
    text = factory.Sequence(lambda n: f"Terima kasih atas informasinya, Pak. Komentar ke-{n}.")
    status = Comment.Status.APPROVED
    ip_address = "192.0.2.10"
    created_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        comment = super()._create(model_class, *args, **kwargs)
        if comment.status == Comment.Status.APPROVED:
            Article.objects.filter(pk=comment.article_id).update(
                comment_count=F("comment_count") + 1
            )
            comment.article.refresh_from_db(fields=["comment_count"])
        return comment
