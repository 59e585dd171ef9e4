import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0003_article_search_vector'),
    ]

    operations = [
        migrations.CreateModel(
            name='ArticleDailyViews',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='date')),
                ('views', models.PositiveIntegerField(default=0, verbose_name='views')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='daily_views', to='articles.article', verbose_name='article')),
            ],
            options={
                'verbose_name': 'daily views',
                'verbose_name_plural': 'daily views',
                'indexes': [models.Index(fields=['date', 'article'], name='daily_views_date_idx')],
                'constraints': [models.UniqueConstraint(fields=('article', 'date'), name='article_daily_views_unique')],
            },
        ),
    ]
