from django.urls import path

from commitments import feeds
from commitments.views import data, engage, public, review, staff

app_name = "commitments"
urlpatterns = [
    path("", public.board, name="board"),
    path("board.json", data.board_json, name="board_json"),
    path("you-said-we-did/", public.you_said, name="you_said"),
    path("<int:pk>/", public.detail, name="detail"),
    # Follow (email, feeds) and comment.
    path("follow/", engage.follow, name="follow"),
    path("follow/confirm/<str:token>/", engage.follow_confirm, name="follow_confirm"),
    path("follow/stop/<str:token>/", engage.unfollow, name="unfollow"),
    path("feed/rss/", feeds.board_rss, name="feed_board_rss"),
    path("feed/atom/", feeds.board_atom, name="feed_board_atom"),
    path("<int:pk>/feed/rss/", feeds.commitment_rss, name="feed_commitment_rss"),
    path("<int:pk>/feed/atom/", feeds.commitment_atom, name="feed_commitment_atom"),
    path("<int:pk>/comment/", engage.comment, name="comment"),
    path("comments/<int:pk>/report/", engage.comment_report, name="comment_report"),
    path("comments/moderation/", engage.moderation, name="moderation"),
    path("comments/<int:pk>/moderate/", engage.moderate, name="moderate"),
    # Staff.
    path("manage/", staff.manage, name="manage"),
    path("new/", staff.new, name="new"),
    path("<int:pk>/edit/", staff.edit, name="edit"),
    path("<int:pk>/status/", staff.change_status, name="change_status"),
    path("<int:pk>/progress/", staff.change_progress, name="change_progress"),
    path("<int:pk>/milestones/new/", staff.milestone_new, name="milestone_new"),
    path("statuses/", staff.statuses, name="statuses"),
    path("export.csv", data.export_csv, name="export_csv"),
    path("import/", data.import_page, name="import"),
    path("review/", review.review, name="review"),
    path("review.csv", review.review_csv, name="review_csv"),
    path("review.pdf", review.review_pdf_view, name="review_pdf"),
]
