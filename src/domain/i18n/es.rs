//! Español.

use super::Strings;

pub const STRINGS: Strings = Strings {
    code: "es",
    family_session: "Sesión familiar, {programme}",
    client_group: "Sesión de grupo de {first}",
    group_session: "Sesión de grupo",
    with_topic: "{who}: {topic}",
    family_education_topic: "Educación familiar: {topic}",
    family_education: "Educación familiar, {programme}",
    your_programme: "su programa",
    online: "En línea",
    to_be_confirmed: "Por confirmar",
    part2_notice: "La norma federal 42 CFR parte 2 prohíbe el uso o la divulgación no autorizados de estos registros.",
    weekdays: ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
    months: [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ],
    schedule_for: "Calendario de {name}",
    next_session: "Próxima sesión",
    nothing: "No hay nada programado en este período.",
    shared_until: "Compartido el {date}; válido hasta el {expiry}.",
    expired: "Este enlace caducó el {date}. Pida uno nuevo al programa.",
    damaged: "Este enlace está dañado o incompleto. Pida uno nuevo al programa.",
    add_to_calendar: "Añadir al calendario",
    print: "Imprimir",
    what_is_shared: "Lo que se comparte, con consentimiento: {scopes}.",
    scopes: [
        "fechas, horas y lugares de las sesiones familiares",
        "fechas de los grupos de educación familiar",
        "días y horas de los grupos del paciente",
        "títulos de los temas",
    ],
    reminder: "Recordatorio",
    link_sheet_title: "Su calendario de {programme}",
    link_sheet_scan: "Escanee el código con la cámara de su teléfono para abrir su calendario, o escriba el enlace de abajo. Guarde esta hoja en privado.",
};
