from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "volunteerhub.training"
    label = "training"
    verbose_name = "培训课程 Training"
