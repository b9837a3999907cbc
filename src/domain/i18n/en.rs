//! English.

use super::Strings;

pub const STRINGS: Strings = Strings {
    code: "en",
    family_session: "Family session, {programme}",
    client_group: "{first}'s group session",
    group_session: "Group session",
    with_topic: "{who}: {topic}",
    family_education_topic: "Family education: {topic}",
    family_education: "Family education, {programme}",
    your_programme: "your programme",
    online: "Online",
    to_be_confirmed: "To be confirmed",
    part2_notice: "42 CFR part 2 prohibits unauthorized use or disclosure of these records.",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    schedule_for: "{name}'s schedule",
    next_session: "Next session",
    nothing: "Nothing is scheduled in this period.",
    shared_until: "Shared on {date}; valid until {expiry}.",
    expired: "This link expired on {date}. Ask the programme for a new one.",
    damaged: "This link is damaged or incomplete. Ask the programme for a new one.",
    add_to_calendar: "Add to calendar",
    print: "Print",
    what_is_shared: "What is shared, with consent: {scopes}.",
    scopes: [
        "family session dates, times and places",
        "family-education group dates",
        "the client's own group days and times",
        "topic titles",
    ],
    reminder: "Reminder",
    link_sheet_title: "Your schedule from {programme}",
    link_sheet_scan: "Scan the code with your phone's camera to open your schedule, or type the link below. Keep this page private.",
};
