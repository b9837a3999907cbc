//! The pages behind the navigation, loaded on demand. With the `split` feature each page's code
//! is a wasm part of its own, fetched on the first visit to that page (or by [`preload_likely`]
//! after the first render); without it (`trunk build`, the browser tests) the same routes are
//! ordinary code in the one wasm file. Only the Dashboard is always in the main part.

use leptos::prelude::*;
use leptos_router::LazyRoute;

use crate::ui::clients::{ClientList, EditClient, NewClient};
use crate::ui::curriculum::{CurriculumList, CurriculumPage, TopicLibrary, TopicPage};
use crate::ui::export::Export;
use crate::ui::families::{FamiliesPage, FamilySchedule};
use crate::ui::groups::{GroupDetail, GroupList, NewGroup, RoomsPage, RosterBoard, StaffPage};
use crate::ui::sessions::{
    FacilitatorSheet, GroupCoverage, GroupMonthSheet, SessionPage, SignInSheet, WeekSchedule,
};
use crate::ui::settings::SettingsPage;

/// Declares, for each page component, a route type whose view is a lazily loaded function.
/// `#[lazy(name)]` is given a distinct name per page: leptos derives the wasm part's name from
/// it and from the call site, which is the same for every page declared by this macro.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident, $view:ident, $preload:ident;)*) => {$(
        #[doc = concat!("The route of [`", stringify!($page), "`], loaded on demand.")]
        pub struct $route;

        #[cfg_attr(feature = "split", leptos::lazy($view))]
        async fn $view() -> AnyView {
            view! { <$page /> }.into_any()
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                $view().await
            }

            async fn preload() {
                #[cfg(feature = "split")]
                $preload().await;
            }
        }
    )*};
}

lazy_pages! {
    ClientsRoute => ClientList, clients_view, __preload_clients_view;
    NewClientRoute => NewClient, new_client_view, __preload_new_client_view;
    EditClientRoute => EditClient, edit_client_view, __preload_edit_client_view;
    GroupsRoute => GroupList, groups_view, __preload_groups_view;
    NewGroupRoute => NewGroup, new_group_view, __preload_new_group_view;
    BoardRoute => RosterBoard, board_view, __preload_board_view;
    StaffRoute => StaffPage, staff_view, __preload_staff_view;
    RoomsRoute => RoomsPage, rooms_view, __preload_rooms_view;
    GroupRoute => GroupDetail, group_view, __preload_group_view;
    CoverageRoute => GroupCoverage, coverage_view, __preload_coverage_view;
    TopicsRoute => TopicLibrary, topics_view, __preload_topics_view;
    TopicRoute => TopicPage, topic_view, __preload_topic_view;
    CurriculaRoute => CurriculumList, curricula_view, __preload_curricula_view;
    CurriculumRoute => CurriculumPage, curriculum_view, __preload_curriculum_view;
    SessionRoute => SessionPage, session_view, __preload_session_view;
    SheetRoute => FacilitatorSheet, sheet_view, __preload_sheet_view;
    MonthSheetRoute => GroupMonthSheet, month_sheet_view, __preload_month_sheet_view;
    SignInRoute => SignInSheet, sign_in_view, __preload_sign_in_view;
    ScheduleRoute => WeekSchedule, schedule_view, __preload_schedule_view;
    FamiliesRoute => FamiliesPage, families_view, __preload_families_view;
    FamilyScheduleRoute => FamilySchedule, family_schedule_view, __preload_family_schedule_view;
    ExportRoute => Export, export_view, __preload_export_view;
    SettingsRoute => SettingsPage, settings_view, __preload_settings_view;
}

/// Fetch the code of the areas people most often open next (clients, groups and a group's
/// page, the week schedule, a session), so that a click rarely waits for the network. Starts
/// after the first paint; a no-op without the `split` feature.
pub async fn preload_likely() {
    #[cfg(feature = "split")]
    {
        crate::ui::dom::after_paint().await;
        ClientsRoute::preload().await;
        GroupsRoute::preload().await;
        GroupRoute::preload().await;
        ScheduleRoute::preload().await;
        SessionRoute::preload().await;
        EditClientRoute::preload().await;
    }
}
