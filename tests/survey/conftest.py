import pytest

from tests.survey.factories import ChannelFactory, make_survey


@pytest.fixture
def survey(home_page):
    ChannelFactory()
    return make_survey(home_page)


@pytest.fixture
def analyst(make_role_user):
    from portal.roles import ANALYSTS

    return make_role_user(ANALYSTS, is_staff=True)
