"""URLs of the deal pages, added to portfolio/urls.py (namespace "portfolio")."""

from django.urls import path

from portfolio.web_deals import portal, staff, staff_actions, staff_decisions

urlpatterns = [
    path("deals/", staff.deal_list, name="deal-list"),
    path("deals/board/", staff.board, name="deal-board"),
    path("deals/<int:pk>/", staff.deal_detail, name="deal"),
    path("deals/<int:pk>/move/", staff_actions.move, name="deal-move"),
    path("deals/<int:pk>/terms/", staff_actions.terms_update, name="deal-terms"),
    path(
        "deals/<int:pk>/co-investors/", staff_actions.co_investor_add, name="deal-co-investor-add"
    ),
    path(
        "deals/co-investors/<int:pk>/",
        staff_actions.co_investor_update,
        name="deal-co-investor-update",
    ),
    path(
        "deals/co-investors/<int:pk>/remove/",
        staff_actions.co_investor_remove,
        name="deal-co-investor-remove",
    ),
    path("deals/<int:pk>/documents/", staff_actions.document_upload, name="deal-document"),
    path("deals/<int:pk>/owner/", staff_actions.owner_assign, name="deal-owner"),
    path("deals/<int:pk>/questions/", staff_actions.clarification_ask, name="deal-question"),
    path("deals/<int:pk>/decline/", staff_actions.decline, name="deal-decline"),
    path("deals/dd-items/<int:pk>/", staff_actions.dd_item_update, name="deal-dd-item"),
    path(
        "deals/dd-items/<int:pk>/documents/",
        staff_actions.dd_item_document,
        name="deal-dd-item-document",
    ),
    path("deals/<int:pk>/dd-complete/", staff_actions.dd_complete, name="deal-dd-complete"),
    path("deals/<int:pk>/conflict/", staff_actions.conflict_declare, name="deal-conflict"),
    path("deals/<int:pk>/vote/", staff_actions.vote_cast, name="deal-vote"),
    path("deals/<int:pk>/decision/", staff_decisions.decision, name="deal-decision"),
    path("deals/conditions/<int:pk>/met/", staff_actions.condition_meet, name="deal-condition-met"),
    path("deals/<int:pk>/complete/", staff_decisions.complete, name="deal-complete"),
    path("deals/<int:pk>/ic-paper/", staff.paper, name="deal-ic-paper"),
    path("deals/<int:pk>/ic-paper.xlsx", staff.paper_download, name="deal-ic-paper-download"),
    path("portal/deals/", portal.deal_list, name="portal-deals"),
    path("portal/deals/new/", portal.deal_start, name="portal-deal-start"),
    path("portal/deals/<int:pk>/", portal.deal_detail, name="portal-deal"),
    path("portal/deals/<int:pk>/edit/", portal.deal_edit, name="portal-deal-edit"),
    path(
        "portal/deals/<int:pk>/co-investors/",
        portal.co_investor_add,
        name="portal-deal-co-investor-add",
    ),
    path(
        "portal/deals/co-investors/<int:pk>/remove/",
        portal.co_investor_remove,
        name="portal-deal-co-investor-remove",
    ),
    path("portal/deals/<int:pk>/documents/", portal.document_upload, name="portal-deal-document"),
    path("portal/deals/<int:pk>/submit/", portal.deal_submit, name="portal-deal-submit"),
    path(
        "portal/deals/questions/<int:pk>/answer/",
        portal.clarification_answer,
        name="portal-deal-answer",
    ),
    path("portal/deals/<int:pk>/withdraw/", portal.deal_withdraw, name="portal-deal-withdraw"),
]
