from django.urls import path

from childwelfare.exports.views import export_view

from .views import calls, casebook, publicity, reviews

app_name = "outreach"
urlpatterns = [
    path("publicity/", publicity.campaign_list, name="campaign_list"),
    path("publicity/new/", publicity.campaign_create, name="campaign_create"),
    path("publicity/figures/", publicity.publicity_figures, name="publicity_figures"),
    path("publicity/<int:pk>/", publicity.campaign_detail, name="campaign_detail"),
    path("publicity/<int:pk>/events/new/", publicity.event_create, name="event_create"),
    path("publicity/<int:pk>/events/export/", export_view("publicity_events"), name="event_export"),
    path("calls/", calls.call_list, name="call_list"),
    path("calls/new/", calls.call_create, name="call_create"),
    path("calls/<int:pk>/", calls.call_detail, name="call_detail"),
    path("calls/<int:pk>/criteria/new/", calls.criterion_add, name="criterion_add"),
    path("calls/<int:pk>/move/", calls.call_move, name="call_move"),
    path("calls/<int:pk>/submit/", calls.submission_create, name="submission_create"),
    path("calls/<int:pk>/export/", export_view("call_submissions"), name="submission_export"),
    path("calls/<int:pk>/results/", calls.results, name="results"),
    path("calls/<int:pk>/results.pdf", calls.results_pdf, name="results_pdf"),
    path("submissions/<int:pk>/", calls.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/send/", calls.submission_send, name="submission_send"),
    path("submissions/<int:pk>/assign/", reviews.assign, name="assign"),
    path("attachments/<int:pk>/", calls.attachment_download, name="attachment_download"),
    path("reviews/", reviews.my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/", reviews.score, name="score"),
    path("casebook/", casebook.casebook, name="casebook"),
    path("casebook/<int:pk>/", casebook.casebook_entry, name="casebook_entry"),
]
