from django.urls import path

from trust import views

app_name = "trust"

urlpatterns = [
    path("", views.index, name="index"),
    path("areas/<slug:slug>/", views.area_scores, name="area"),
    path("method/", views.method, name="method"),
    path("scores.csv", views.scores_csv, name="scores_csv"),
    path("scores.json", views.scores_json, name="scores_json"),
    path("take/", views.take, name="take"),
    path("take/<slug:survey>/<slug:area>/", views.answer, name="answer"),
    path("take/<slug:survey>/<slug:area>/qr.svg", views.answer_qr, name="answer_qr"),
    path("i/<str:token>/", views.invited, name="invited"),
    path("thanks/", views.thanks, name="thanks"),
    path("card/", views.card_find, name="card_find"),
    path("card/<str:code>/", views.card, name="card"),
    path("card/<str:code>/qr.svg", views.card_qr, name="card_qr"),
    path("my-card/", views.my_card, name="my_card"),
    path("units/", views.units, name="units"),
    path("commend/", views.commend, name="commend"),
    path("complain/", views.complain, name="complain"),
    path("follow/<str:reference>/<str:token>/", views.follow, name="follow"),
    path("accountability/", views.accountability, name="accountability"),
    path("manage/complaints/", views.complaints, name="complaints"),
    path("manage/complaints/<int:pk>/", views.complaint, name="complaint"),
    path("manage/commendations/", views.commendations, name="commendations"),
    path("manage/surveys/", views.surveys, name="surveys"),
    path("manage/surveys/<int:pk>/", views.survey, name="survey"),
    path("manage/surveys/<int:pk>/questions/", views.survey_question_add,
         name="survey_question_add"),
    path("manage/surveys/<int:pk>/questions/<slug:code>/remove/", views.survey_question_remove,
         name="survey_question_remove"),
    path("manage/surveys/<int:pk>/status/", views.survey_status, name="survey_status"),
    path("manage/surveys/<int:pk>/invitations/", views.survey_invitations,
         name="survey_invitations"),
]
