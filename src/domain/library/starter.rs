//! Starter library: original plain-language topics and three ready-made curricula (relapse
//! prevention, DBT-informed skills, coping skills) that a new programme can start from.
//!
//! All text here was written for IOP Planner in plain language; it quotes no manual and uses no
//! trademarked worksheet names. Ids are stable so programmes that imported the starter library can
//! recognise its records later.

use crate::domain::library::curriculum::{
    CURRICULUM_SCHEMA, Curriculum, CurriculumKind, EntryRule, Module, Unit,
};
use crate::domain::library::topic::{Modality as M, TOPIC_SCHEMA, Topic, TopicKind as K};

/// Id of the 16-week relapse-prevention template.
pub const MATRIX_RP_ID: &str = "curriculum-matrix-rp-16";
/// Id of the 24-week DBT-informed skills template.
pub const DBT_ID: &str = "curriculum-dbt-24";
/// Id of the rolling 8-session coping-skills template.
pub const COPING_ID: &str = "curriculum-coping-8";

/// Topic text kept as static data; turned into [`Topic`] records by [`starter_topics`].
struct Seed {
    slug: &'static str,
    title: &'static str,
    kind: K,
    modalities: &'static [M],
    summary: &'static str,
    objectives: &'static [&'static str],
    minutes: u16,
    materials: &'static [&'static str],
    homework: &'static str,
    notes: &'static str,
    core: bool,
}

/// Id of a starter topic from its slug.
fn topic_id(slug: &str) -> String {
    format!("topic-{slug}")
}

/// Every starter topic, in a stable order (grouped roughly by the template that uses it).
pub fn starter_topics() -> Vec<Topic> {
    SEEDS
        .iter()
        .map(|s| Topic {
            id: topic_id(s.slug),
            schema: TOPIC_SCHEMA,
            title: s.title.to_string(),
            kind: s.kind,
            modalities: s.modalities.to_vec(),
            summary: s.summary.to_string(),
            objectives: s.objectives.iter().map(|o| o.to_string()).collect(),
            minutes: s.minutes,
            materials: s.materials.iter().map(|m| m.to_string()).collect(),
            homework: s.homework.to_string(),
            facilitator_notes: s.notes.to_string(),
            core: s.core,
            archived: false,
        })
        .collect()
}

/// The starter topics and the three templates together (what "Load starter library" adds).
pub fn starter_library() -> (Vec<Topic>, Vec<Curriculum>) {
    (starter_topics(), templates())
}

/// One unit of a template: topic slug and optional paired practice slug.
type Row = (&'static str, Option<&'static str>);

/// Builds a template: modules get ids "m1", "m2"…, units "u01", "u02"… in running order.
fn build(
    id: &str,
    name: &str,
    description: &str,
    kind: CurriculumKind,
    entry: EntryRule,
    modules: &[(&str, &[Row])],
) -> Curriculum {
    let mut next = 0;
    let mut built = Vec::new();
    for (i, (module_name, rows)) in modules.iter().enumerate() {
        let mut units = Vec::new();
        for (topic, practice) in rows.iter() {
            next += 1;
            units.push(Unit {
                id: format!("u{next:02}"),
                topic: topic_id(topic),
                practice: practice.map(topic_id),
            });
        }
        built.push(Module {
            id: format!("m{}", i + 1),
            name: module_name.to_string(),
            units,
        });
    }
    Curriculum {
        id: id.to_string(),
        schema: CURRICULUM_SCHEMA,
        name: name.to_string(),
        description: description.to_string(),
        kind,
        entry,
        modules: built,
        archived: false,
    }
}

/// The two mindfulness units that open every DBT module.
const MINDFULNESS: [Row; 2] = [("wise-mind", None), ("observe-describe-participate", None)];

/// The three ready-made curricula.
pub fn templates() -> Vec<Curriculum> {
    let matrix = build(
        MATRIX_RP_ID,
        "Relapse prevention, 16 weeks (Matrix-style)",
        "A closed course of 32 sessions on early recovery and relapse prevention, in four \
         modules of eight. It is designed for two sessions a week over 16 weeks; with other \
         meeting patterns it simply takes longer or shorter. Several sessions pair the topic \
         with a short skills practice.",
        CurriculumKind::Closed,
        // Closed curricula are entered at the start; the entry rule is not used.
        EntryRule::AnySession,
        &[
            (
                "Early recovery",
                &[
                    ("welcome-and-group-agreements", None),
                    ("how-substances-affect-the-brain", None),
                    ("what-to-expect-in-the-first-months", None),
                    ("triggers-and-cravings", Some("urge-surfing-practice")),
                    ("interrupting-using-thoughts", None),
                    ("structuring-your-week", None),
                    ("mapping-external-triggers", None),
                    ("internal-triggers", Some("grounding-practice")),
                ],
            ),
            (
                "Triggers and cravings",
                &[
                    ("lapse-versus-relapse", None),
                    ("drifting-off-course", None),
                    ("switching-substances", None),
                    ("boredom-and-free-time", None),
                    ("thinking-traps-in-recovery", None),
                    ("high-risk-situations", Some("refusal-skills-role-play")),
                    ("money-and-recovery", None),
                    ("medications-that-support-recovery", None),
                ],
            ),
            (
                "Lifestyle and relationships",
                &[
                    ("honesty-in-recovery", None),
                    ("keeping-motivation-going", None),
                    ("repairing-trust", None),
                    ("work-study-and-recovery", None),
                    ("handling-anger", Some("paced-breathing-practice")),
                    ("guilt-and-shame", None),
                    ("building-a-support-network", None),
                    ("recovery-and-family-life", None),
                ],
            ),
            (
                "Staying well",
                &[
                    ("stress-and-recovery", Some("muscle-relaxation-practice")),
                    ("sleep-and-recovery", None),
                    ("eating-well-in-recovery", None),
                    ("holidays-and-anniversaries", None),
                    ("early-warning-signs", None),
                    ("values-and-meaning", None),
                    ("relapse-prevention-plan", None),
                    ("looking-ahead", None),
                ],
            ),
        ],
    );
    let [wise, observe] = MINDFULNESS;
    let dbt = build(
        DBT_ID,
        "DBT skills cycle, 24 weeks",
        "A rolling cycle of DBT-informed skills in three modules: distress tolerance, emotion \
         regulation and interpersonal effectiveness. Each module opens with the same two \
         mindfulness sessions. It is designed for one session a week, so a full cycle takes 24 \
         weeks. New members join when a module starts.",
        CurriculumKind::Rolling,
        EntryRule::ModuleStart,
        &[
            (
                "Distress tolerance",
                &[
                    wise,
                    observe,
                    ("pausing-before-acting", None),
                    ("calming-the-body-fast", None),
                    ("distraction-that-helps", None),
                    ("self-soothing-with-the-senses", None),
                    ("weighing-pros-and-cons", None),
                    ("accepting-what-cannot-change", None),
                ],
            ),
            (
                "Emotion regulation",
                &[
                    wise,
                    observe,
                    ("what-emotions-are-for", None),
                    ("naming-emotions", None),
                    ("checking-the-facts", None),
                    ("acting-opposite-to-the-urge", None),
                    ("caring-for-the-body", None),
                    ("building-positive-experiences", None),
                ],
            ),
            (
                "Interpersonal effectiveness",
                &[
                    wise,
                    observe,
                    ("knowing-what-you-want-from-a-conversation", None),
                    ("asking-for-what-you-need", None),
                    ("saying-no-and-setting-limits", None),
                    ("keeping-the-relationship", None),
                    ("keeping-your-self-respect", None),
                    ("showing-you-understand", None),
                ],
            ),
        ],
    );
    let coping = build(
        COPING_ID,
        "Coping skills, rolling 8 sessions",
        "A rolling series of eight coping-skills sessions. Each session stands on its own, so new \
         members can join at any session and stay for a full round. Several sessions pair the \
         topic with a short practice such as paced breathing or grounding.",
        CurriculumKind::Rolling,
        EntryRule::AnySession,
        &[(
            "Coping skills",
            &[
                ("building-a-coping-toolbox", None),
                ("understanding-anxiety", Some("paced-breathing-practice")),
                (
                    "staying-present-when-overwhelmed",
                    Some("grounding-practice"),
                ),
                ("step-by-step-problem-solving", None),
                ("balancing-unhelpful-thoughts", None),
                (
                    "low-mood-and-getting-active",
                    Some("mindful-walking-practice"),
                ),
                ("kinder-self-talk", None),
                ("asking-for-help-and-staying-safe", None),
            ],
        )],
    );
    vec![matrix, dbt, coping]
}

/// The starter topics' text.
const SEEDS: &[Seed] = &[
    // Relapse prevention and early recovery (the 16-week template).
    Seed {
        slug: "welcome-and-group-agreements",
        title: "Welcome and group agreements",
        kind: K::Process,
        modalities: &[M::Other, M::RelapsePrevention],
        summary: "Members meet each other, learn how the group runs and agree together how they want to treat one another. Setting shared expectations early makes it safer to speak honestly later on.",
        objectives: &[
            "Describe how sessions are structured and what each part is for",
            "Agree on group guidelines about confidentiality, respect and lateness",
            "Share one hope for the weeks ahead",
        ],
        minutes: 60,
        materials: &["Whiteboard", "Handout: group guidelines"],
        homework: "Read the group guidelines at home and note one you would like to add or change.",
        notes: "Explain the limits of confidentiality plainly, including when staff must share information. Let people pass on introductions beyond their first name.",
        core: true,
    },
    Seed {
        slug: "how-substances-affect-the-brain",
        title: "How substances affect the brain",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention],
        summary: "A plain explanation of how repeated use changes the brain's reward and stress systems, and why cravings and low mood can last for weeks after stopping. Understanding this helps people see early recovery as a period of healing rather than failure.",
        objectives: &[
            "Explain in your own words how repeated use changes the brain's reward system",
            "Describe why energy and mood often dip in the first months",
            "Name two things that help the brain recover",
        ],
        minutes: 60,
        materials: &["Handout: the brain in early recovery", "Whiteboard"],
        homework: "Notice one moment this week when your mood or energy dipped and write down what helped.",
        notes: "Keep the science simple and avoid blaming language. Stress that the brain usually recovers with time, as some members may feel hopeless hearing about brain changes.",
        core: true,
    },
    Seed {
        slug: "what-to-expect-in-the-first-months",
        title: "What to expect in the first months",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention],
        summary: "Early recovery tends to move through recognisable phases, from the relief of stopping to a flat stretch where motivation can slip. Knowing the common pattern helps people plan for the harder weeks instead of being caught out by them.",
        objectives: &[
            "Describe the common phases of the first six months of recovery",
            "Identify which phase you are in now",
            "Name one risk that is typical of the next phase",
        ],
        minutes: 60,
        materials: &["Handout: recovery timeline", "Whiteboard"],
        homework: "Mark on the timeline where you are now and one thing you want in place before the next phase.",
        notes: "Present the phases as a rough guide rather than a rule, because people's paths differ. Watch for members who compare themselves unfavourably with others.",
        core: true,
    },
    Seed {
        slug: "triggers-and-cravings",
        title: "Triggers and cravings",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::Cbt],
        summary: "Cravings are often set off by triggers: people, places, times, feelings or objects linked with past use. This session shows how a trigger leads to a thought, then a craving, then use. It also shows that cravings rise and fall if they are not fed.",
        objectives: &[
            "Define a trigger and a craving in your own words",
            "Draw the chain from trigger to thought to craving to use",
            "Name three of your own strongest triggers",
        ],
        minutes: 60,
        materials: &["Handout: trigger and craving chain", "Whiteboard"],
        homework: "Keep a simple log of each craving this week: when it happened, what set it off and how long it lasted.",
        notes: "Detailed talk about using can itself trigger cravings, so keep descriptions brief and steer away from war stories. Leave time at the end to settle the room.",
        core: true,
    },
    Seed {
        slug: "interrupting-using-thoughts",
        title: "Interrupting using thoughts",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::Cbt],
        summary: "A thought about using can grow quickly into a full craving. Members learn practical ways to step in early, such as naming the thought, switching attention, phoning someone or playing the scene through to its real ending.",
        objectives: &[
            "Recognise a using thought early, before it becomes a craving",
            "Practise three ways to interrupt the thought, such as switching attention or calling someone",
            "Choose the method that suits you best for the coming week",
        ],
        minutes: 60,
        materials: &["Handout: ways to interrupt a using thought", "Index cards"],
        homework: "Write your chosen method on a card, carry it with you and use it at least once.",
        notes: "Trying to force a thought away often makes it stronger, so present these as ways of redirecting attention rather than suppressing thoughts. Invite members to share what already works for them.",
        core: true,
    },
    Seed {
        slug: "structuring-your-week",
        title: "Structuring your week",
        kind: K::SkillsPractice,
        modalities: &[M::RelapsePrevention, M::HealthyLiving],
        summary: "Unplanned time is one of the biggest risks in early recovery. Members build a simple weekly schedule that includes treatment, rest, meals, chores and enjoyable activities, and learn how to adjust it when plans fall through.",
        objectives: &[
            "Explain why a planned week lowers the risk of relapse",
            "Fill in a schedule for the coming week, including rest and enjoyable activities",
            "Plan a back-up activity for one gap in the week",
        ],
        minutes: 60,
        materials: &["Handout: weekly planner", "Pens"],
        homework: "Follow your schedule for three days and note where it worked and where it slipped.",
        notes: "Some members have little control over their time because of work, caring or housing. Adapt the exercise to their situation rather than holding up an ideal week.",
        core: false,
    },
    Seed {
        slug: "mapping-external-triggers",
        title: "Mapping external triggers",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention],
        summary: "External triggers are the people, places, times and things around us that are linked with using. Members sort their own triggers from lowest to highest risk and decide which to avoid for now and which to plan for.",
        objectives: &[
            "List the people, places, times and objects linked with your past use",
            "Rank your external triggers from safest to riskiest",
            "Decide on one change that reduces contact with a high-risk trigger",
        ],
        minutes: 60,
        materials: &["Handout: external trigger chart", "Coloured pens"],
        homework: "Make one practical change this week that reduces contact with a high-risk trigger.",
        notes: "Avoidance is not always possible, for example when a trigger is at home. Help members plan for what they cannot avoid, without judgement.",
        core: true,
    },
    Seed {
        slug: "internal-triggers",
        title: "Internal triggers: feelings and body states",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::Cbt],
        summary: "Feelings such as stress, loneliness, anger or even excitement, and body states such as tiredness or pain, can all set off cravings. This session helps members notice their internal triggers and link each one to a healthier response.",
        objectives: &[
            "Name the feelings and body states most likely to set off cravings for you",
            "Notice the early physical signs of those states",
            "Match each internal trigger with one healthier response",
        ],
        minutes: 60,
        materials: &["Handout: internal trigger chart", "Feelings word list"],
        homework: "Each evening, note the strongest feeling of the day and whether it came with a craving.",
        notes: "Mention that pleasant feelings can be triggers too, so members do not think it is only about distress. Pair with grounding practice if the discussion becomes heavy.",
        core: true,
    },
    Seed {
        slug: "lapse-versus-relapse",
        title: "Lapse versus relapse",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::Cbt],
        summary: "A lapse is a single slip; a relapse is a return to the old pattern. How someone thinks about a slip, especially all-or-nothing thoughts such as 'I've blown it now', often decides which one follows.",
        objectives: &[
            "Explain the difference between a lapse and a relapse",
            "Recognise all-or-nothing thoughts that can turn a slip into a relapse",
            "Write the first three steps you would take after a slip",
        ],
        minutes: 60,
        materials: &["Handout: after a slip", "Whiteboard"],
        homework: "Write a short note to read if a slip ever happens, saying what you would do next.",
        notes: "Make clear that this is about limiting harm and getting back on track, not permission to use. Members who have recently slipped may feel exposed, so do not single anyone out.",
        core: true,
    },
    Seed {
        slug: "drifting-off-course",
        title: "Drifting off course",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention],
        summary: "Relapse rarely starts with a decision to use. It usually follows a string of small, reasonable-looking choices, such as skipping a meeting or seeing an old friend for a quick coffee, that slowly move someone back towards risk.",
        objectives: &[
            "Describe how small choices can add up to a relapse",
            "Identify two small choices that have led you off course in the past",
            "Name one daily habit that keeps your recovery on track",
        ],
        minutes: 60,
        materials: &["Handout: staying on course", "Whiteboard"],
        homework: "Each day, check one habit that keeps your recovery on track and note whether you kept it.",
        notes: "Start with invented examples so members can spot drift without feeling accused.",
        core: true,
    },
    Seed {
        slug: "switching-substances",
        title: "Switching substances",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention],
        summary: "People often believe that a different substance, such as alcohol or cannabis, is safe if it was not their main problem. This session looks at how switching lowers judgement, keeps old habits alive and often leads back to the original substance.",
        objectives: &[
            "Explain how using a different substance raises the risk of relapse",
            "Identify any beliefs you hold about a 'safe' substance",
            "Decide on your own plan for alcohol and other substances during treatment",
        ],
        minutes: 60,
        materials: &["Handout: switching substances", "Whiteboard"],
        homework: "Write down your plan for alcohol and other substances and share it with one supportive person.",
        notes: "Be factual and avoid lecturing. Reassure members on prescribed medication that taking it as prescribed is different, and encourage them to ask their prescriber.",
        core: false,
    },
    Seed {
        slug: "boredom-and-free-time",
        title: "Boredom and free time",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::HealthyLiving],
        summary: "Once using stops there can be a lot of empty time, and life can feel flat. Members look at why boredom is risky, explore interests they have dropped or never tried, and plan low-cost activities.",
        objectives: &[
            "Explain why boredom is a common relapse risk",
            "List five activities you could do for little or no money",
            "Plan one new or renewed activity for the coming week",
        ],
        minutes: 60,
        materials: &["Handout: activity ideas", "Whiteboard"],
        homework: "Try one activity from your list and rate how much you enjoyed it from 0 to 10.",
        notes: "Enjoyment often returns slowly in early recovery, so encourage members to try activities before they feel like it.",
        core: false,
    },
    Seed {
        slug: "thinking-traps-in-recovery",
        title: "Thinking traps in recovery",
        kind: K::Psychoeducation,
        modalities: &[M::Cbt, M::RelapsePrevention],
        summary: "Some thoughts quietly give permission to use, such as 'I deserve it', 'one won't hurt' or 'nobody will know'. Members learn to spot these thinking traps and answer them with a more balanced thought.",
        objectives: &[
            "Name common thinking traps that can give permission to use",
            "Recognise one trap your own mind has used before",
            "Write a balanced reply to that thought",
        ],
        minutes: 60,
        materials: &["Handout: thinking traps", "Whiteboard"],
        homework: "Catch one thinking trap this week and write a balanced reply next to it.",
        notes: "Approach the topic with curiosity and gentle humour rather than criticism, since everyone's mind offers these thoughts.",
        core: false,
    },
    Seed {
        slug: "high-risk-situations",
        title: "Planning for high-risk situations",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::CopingSkills],
        summary: "Some situations, such as parties, arguments, payday or being alone after bad news, carry a high risk of use. Members pick one situation they are likely to face and plan in detail how they will avoid it, leave it or get through it.",
        objectives: &[
            "Identify the situations in the next month that carry the highest risk for you",
            "Write a step-by-step plan for one of them",
            "Name who you can contact if the plan does not hold",
        ],
        minutes: 60,
        materials: &["Handout: high-risk situation plan", "Pens"],
        homework: "Share your plan with one supportive person before the situation comes up.",
        notes: "Keep plans realistic, because a plan the member will not follow gives false comfort. This topic pairs well with a refusal-skills role play.",
        core: true,
    },
    Seed {
        slug: "money-and-recovery",
        title: "Money and recovery",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::Other],
        summary: "Cash in hand, payday and money worries can all be triggers. This session covers simple ways to handle money safely in early recovery and where to find free help with debt.",
        objectives: &[
            "Identify how money has been linked with your use",
            "Choose one practical step to make money safer, such as carrying less cash",
            "Name where to get free advice about debt",
        ],
        minutes: 60,
        materials: &["Handout: money safety steps", "Local debt advice contacts"],
        homework: "Put one money safety step in place this week.",
        notes: "Money can be a source of shame, so keep the discussion general and never ask members to disclose amounts.",
        core: false,
    },
    Seed {
        slug: "medications-that-support-recovery",
        title: "Medications that support recovery",
        kind: K::Psychoeducation,
        modalities: &[M::MedicationEducation, M::RelapsePrevention],
        summary: "Some medications can reduce cravings, block the effects of a substance or ease withdrawal, and many people in recovery also take medication for mood, anxiety or sleep. Members learn in general terms what these medications do and how to talk about them with a prescriber.",
        objectives: &[
            "Describe in general terms how medication can support recovery",
            "Separate common myths about recovery medication from the facts",
            "Prepare one question to take to your prescriber",
        ],
        minutes: 60,
        materials: &["Handout: questions for your prescriber", "Whiteboard"],
        homework: "Write down any questions about your medication and take them to your next prescriber appointment.",
        notes: "Give general information only and refer individual questions to the prescriber. Members may hold strong views about medication, so make room for different paths without debating them.",
        core: false,
    },
    Seed {
        slug: "honesty-in-recovery",
        title: "Honesty in recovery",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention],
        summary: "Using often depends on keeping secrets from others and from oneself. Members explore why honesty supports recovery, how small lies can lead back to use, and how to be honest safely without oversharing.",
        objectives: &[
            "Explain how secrets and small lies can lead back to use",
            "Identify one area where more honesty would help your recovery",
            "Decide who is safe to be honest with, and how",
        ],
        minutes: 60,
        materials: &["Whiteboard"],
        homework: "Be fully honest in one small conversation this week and notice how it felt.",
        notes: "The aim is honesty with safe people. Do not press members to disclose things that could put them at risk, for example at work or with a harmful partner.",
        core: true,
    },
    Seed {
        slug: "keeping-motivation-going",
        title: "Keeping motivation going",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::Cbt],
        summary: "Motivation is often strong at the start and fades once the crisis passes. Members revisit their own reasons for change and find ways to remind themselves of those reasons on hard days.",
        objectives: &[
            "List your own reasons for making changes",
            "Describe how motivation usually rises and falls over time",
            "Create a reminder you can use when motivation is low",
        ],
        minutes: 60,
        materials: &["Handout: my reasons for change", "Index cards"],
        homework: "Put your reminder somewhere you will see it every day.",
        notes: "Avoid arguing for change; let members voice their own reasons, including mixed feelings.",
        core: true,
    },
    Seed {
        slug: "repairing-trust",
        title: "Repairing trust",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::Family],
        summary: "Relationships often suffer during active use, and trust takes time to rebuild. This session covers realistic expectations, making amends without pressure, and coping when others are slow to trust again.",
        objectives: &[
            "Describe why rebuilding trust takes time",
            "Identify one relationship you would like to repair",
            "Plan a small, concrete step towards repair",
        ],
        minutes: 60,
        materials: &["Handout: rebuilding trust", "Whiteboard"],
        homework: "Take your small step towards repair, or write down what stopped you.",
        notes: "Some relationships are not safe to repair. Make clear that keeping distance can be the healthy choice, especially where there has been abuse.",
        core: false,
    },
    Seed {
        slug: "work-study-and-recovery",
        title: "Work, study and recovery",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::Other],
        summary: "Work and study bring structure and purpose, but also stress, after-work drinking and questions about what to tell people. Members weigh up these pressures and plan how to protect their recovery in their daily roles.",
        objectives: &[
            "Identify the risks and supports in your work or study setting",
            "Decide what, if anything, you want to tell your employer or college",
            "Plan how to handle one risky situation at work or study",
        ],
        minutes: 60,
        materials: &["Handout: work and recovery planner", "Whiteboard"],
        homework: "Write down one boundary you will keep at work or study this week.",
        notes: "Include volunteering, caring and job-seeking in the discussion so members who are out of work are not left out.",
        core: false,
    },
    Seed {
        slug: "handling-anger",
        title: "Handling anger",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::CopingSkills],
        summary: "Anger is a normal feeling, but in early recovery it can build quickly and lead to use or to damaged relationships. Members learn to spot anger building and to take a break before acting on it.",
        objectives: &[
            "Recognise the body signs that anger is building",
            "Describe a safe time-out you could take",
            "Practise a calming skill to use during the time-out",
        ],
        minutes: 60,
        materials: &["Handout: anger warning signs", "Whiteboard"],
        homework: "Rate your anger three times a day and note what you did when it was high.",
        notes: "Do not ask members to relive their angriest moment in detail. If anyone's anger has involved violence or threats, follow your service's safety procedures after the group.",
        core: false,
    },
    Seed {
        slug: "guilt-and-shame",
        title: "Guilt and shame",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::Cbt],
        summary: "Guilt says 'I did something wrong'; shame says 'I am something wrong'. Members explore how shame can feed use and how guilt can be turned into helpful action.",
        objectives: &[
            "Explain the difference between guilt and shame",
            "Notice shame-based self-talk in yourself",
            "Choose one helpful action in response to guilt",
        ],
        minutes: 60,
        materials: &["Handout: guilt and shame", "Whiteboard"],
        homework: "When you notice shame-based self-talk, write down a kinder and more accurate sentence.",
        notes: "This topic can stir painful memories, including trauma, so keep sharing voluntary and general. Check in afterwards with anyone who seemed distressed.",
        core: false,
    },
    Seed {
        slug: "building-a-support-network",
        title: "Building a support network",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::CopingSkills],
        summary: "Recovery is easier with people to lean on. Members map who supports them now, look at mutual-help groups and other community options, and plan how to widen their circle.",
        objectives: &[
            "Map the people and groups who support your recovery now",
            "Describe at least two community or mutual-help options near you",
            "Plan one step to strengthen your support network",
        ],
        minutes: 60,
        materials: &[
            "Handout: my support map",
            "List of local meetings and services",
        ],
        homework: "Go to one support meeting or contact one supportive person you have not spoken to recently.",
        notes: "Respect different views on mutual-help groups and offer a range of options, including secular and online ones.",
        core: true,
    },
    Seed {
        slug: "recovery-and-family-life",
        title: "How recovery changes family life",
        kind: K::FamilyEducation,
        modalities: &[M::Family, M::RelapsePrevention],
        summary: "Families adjust to active use in ways that may no longer fit once someone is in recovery. Members and invited family look at changing roles, common frustrations on both sides and how to talk about recovery at home.",
        objectives: &[
            "Describe how family roles can shift during use and in recovery",
            "Name one frustration your family may feel and one that you feel",
            "Agree on one way to talk about recovery at home",
        ],
        minutes: 75,
        materials: &["Handout: family roles in recovery", "Whiteboard"],
        homework: "Have one short, calm conversation at home about what kind of support helps.",
        notes: "Agree in advance with each member whether family will attend and what may be discussed. Watch for signs of coercion or abuse, and never ask a member to talk about it in front of family.",
        core: true,
    },
    Seed {
        slug: "stress-and-recovery",
        title: "Stress and recovery",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::CopingSkills],
        summary: "Stress is one of the most common reasons people return to using. Members look at their sources of stress, how stress shows in the body and mind, and which healthy ways of coping work best for them.",
        objectives: &[
            "List your main sources of stress at the moment",
            "Recognise how stress shows up in your body and behaviour",
            "Choose two healthy ways of coping to use this week",
        ],
        minutes: 60,
        materials: &["Handout: stress signals", "Whiteboard"],
        homework: "Use one of your chosen coping skills on a stressful day and note how it went.",
        notes: "Acknowledge stresses members cannot change, such as poverty or discrimination, rather than implying stress is all in the mind. Pair with a relaxation practice.",
        core: true,
    },
    Seed {
        slug: "sleep-and-recovery",
        title: "Sleep and recovery",
        kind: K::Psychoeducation,
        modalities: &[M::HealthyLiving],
        summary: "Sleep is often disturbed for weeks or months after stopping substances, and poor sleep raises the risk of relapse and low mood. Members learn simple habits that make sleep more likely and what to avoid.",
        objectives: &[
            "Explain why sleep is often poor in early recovery",
            "Name three habits that help sleep",
            "Choose one change to try for a week",
        ],
        minutes: 60,
        materials: &["Handout: sleep habits", "Sleep diary"],
        homework: "Keep a sleep diary for a week while you try your chosen change.",
        notes: "Encourage members with lasting sleep problems to speak to their prescriber rather than self-medicate. Adapt the advice for shift workers and carers.",
        core: false,
    },
    Seed {
        slug: "eating-well-in-recovery",
        title: "Eating well in recovery",
        kind: K::Psychoeducation,
        modalities: &[M::HealthyLiving],
        summary: "Substance use often disrupts eating, and hunger can be mistaken for a craving. This session covers regular meals, simple low-cost food ideas, and how eating well supports mood and energy.",
        objectives: &[
            "Explain how skipped meals can feel like cravings",
            "Plan three regular meals for one day",
            "Name two cheap, easy foods to keep at home",
        ],
        minutes: 60,
        materials: &["Handout: simple meal ideas", "Whiteboard"],
        homework: "Eat three regular meals on at least four days this week and note any change in cravings.",
        notes: "Avoid talk of weight, dieting or 'good' and 'bad' foods, and stay alert to possible eating difficulties. Remember that some members have little money or few cooking facilities.",
        core: false,
    },
    Seed {
        slug: "holidays-and-anniversaries",
        title: "Holidays, anniversaries and celebrations",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention],
        summary: "Celebrations, holidays and difficult anniversaries often bring alcohol, family tension or strong feelings. Members identify the dates ahead that may be risky and plan how to get through them.",
        objectives: &[
            "Identify upcoming dates that may be risky for you",
            "Plan how to handle a celebration where alcohol or drugs are present",
            "Name someone you can contact on a difficult anniversary",
        ],
        minutes: 60,
        materials: &["Handout: year planner", "Whiteboard"],
        homework: "Mark the risky dates of the next three months on a calendar and write a plan for the nearest one.",
        notes: "Anniversaries of losses or traumatic events can be very painful, so let members choose how much to say.",
        core: false,
    },
    Seed {
        slug: "early-warning-signs",
        title: "Early warning signs of relapse",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention],
        summary: "Relapse usually shows warning signs well before any use, such as changes in mood, routine, thinking and contact with supports. Members build a personal list of signs and decide what they and others should do when one appears.",
        objectives: &[
            "Name three early warning signs of relapse",
            "Write your personal list of warning signs in your own words",
            "Decide what you and your supporters will do when a sign appears",
        ],
        minutes: 60,
        materials: &["Handout: early warning signs checklist", "Pens"],
        homework: "Share your list with one person you trust and ask them to tell you if they notice any of the signs.",
        notes: "Encourage specific, observable signs rather than vague ones. Invite members to include signs others have noticed in them, if they feel able.",
        core: true,
    },
    Seed {
        slug: "values-and-meaning",
        title: "Values and meaning",
        kind: K::Psychoeducation,
        modalities: &[M::RelapsePrevention, M::Other],
        summary: "Recovery lasts longer when it is about building a life worth living, not only about stopping. Members clarify what matters most to them and set small goals that move them towards it.",
        objectives: &[
            "Name three values that matter to you",
            "Compare how you spend your time now with those values",
            "Set one small goal that moves you towards a value",
        ],
        minutes: 60,
        materials: &["Values cards", "Pens"],
        homework: "Take your small step towards your chosen value and notice how it felt.",
        notes: "Values differ widely across cultures and faiths, so avoid ranking them. Some members may grieve lost years, so leave room for that.",
        core: false,
    },
    Seed {
        slug: "relapse-prevention-plan",
        title: "Writing your relapse prevention plan",
        kind: K::SkillsPractice,
        modalities: &[M::RelapsePrevention, M::CopingSkills],
        summary: "Members bring what they have learned together into one written plan covering triggers, warning signs, coping steps, supports and what to do after a slip. The plan is kept short enough to use in a hard moment.",
        objectives: &[
            "Gather your triggers, warning signs and coping steps into one plan",
            "List the people and services to contact, with their numbers",
            "Practise reading your plan aloud as if in a high-risk moment",
        ],
        minutes: 90,
        materials: &["Handout: relapse prevention plan", "Pens"],
        homework: "Give a copy of your plan to one supporter and keep another where you can find it quickly.",
        notes: "Check that plans are realistic and that crisis contacts are up to date. Members who find writing hard can dictate to a facilitator or a peer.",
        core: true,
    },
    Seed {
        slug: "looking-ahead",
        title: "Looking ahead: continuing care",
        kind: K::Process,
        modalities: &[M::RelapsePrevention, M::Other],
        summary: "As the course ends, members reflect on what has changed, what they want to keep working on and what support they will have next. Endings can stir strong feelings, and the group gives space to say goodbye.",
        objectives: &[
            "Describe one change you have made during the course",
            "Name your continuing-care plan and your first appointment after the group",
            "Share what you want to take with you from the group",
        ],
        minutes: 90,
        materials: &["Handout: continuing care plan", "Whiteboard"],
        homework: "Confirm your first continuing-care appointment before the end of the week.",
        notes: "Endings can echo earlier losses, so acknowledge mixed feelings. Make sure every member leaves with a named next step.",
        core: true,
    },
    // DBT-informed skills: mindfulness, distress tolerance, emotion regulation and
    // interpersonal effectiveness (the 24-week template).
    Seed {
        slug: "wise-mind",
        title: "Wise mind",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::Mindfulness],
        summary: "People often act from a purely emotional state or a purely logical one. Wise mind is the balance of the two: a quiet sense of knowing what fits the situation. Members practise finding it with a short, calm exercise.",
        objectives: &[
            "Describe the emotional, reasonable and wise states of mind",
            "Recognise which state you are in at a given moment",
            "Practise a short exercise to find your wise mind",
        ],
        minutes: 45,
        materials: &["Whiteboard", "Handout: states of mind"],
        homework: "Twice a day, pause for one minute and ask what your wise mind says about what you are doing.",
        notes: "Offer eyes-open options for every exercise and let members choose where to rest their attention. Reassure anyone who cannot sense a wise mind yet that it grows with practice.",
        core: true,
    },
    Seed {
        slug: "observe-describe-participate",
        title: "Observe, describe, participate",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::Mindfulness],
        summary: "Members practise three basic mindfulness skills: noticing experience without reacting, putting it into plain words without judging it, and throwing themselves fully into an activity. Each skill is tried with a short exercise in the room.",
        objectives: &[
            "Practise observing a sound or object without labelling it",
            "Describe an experience using facts instead of judgements",
            "Take part fully in a short group activity",
        ],
        minutes: 45,
        materials: &["A small object for each member", "Bell or timer"],
        homework: "Each day, do one routine activity with full attention for five minutes.",
        notes: "Long body-focused exercises can distress trauma survivors, so keep exercises short and outward-facing at first.",
        core: true,
    },
    Seed {
        slug: "pausing-before-acting",
        title: "Pausing before acting on an urge",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::CopingSkills],
        summary: "In a crisis the first urge is often to act at once, in a way that makes things worse. Members practise freezing for a moment, stepping back, noticing what is happening and then choosing what to do.",
        objectives: &[
            "Recognise the moment an urge to act on impulse rises",
            "Practise pausing and stepping back for a few breaths",
            "Choose a response that fits your long-term goals",
        ],
        minutes: 60,
        materials: &["Handout: pause and step back", "Whiteboard"],
        homework: "Use the pause at least once this week and write down what happened.",
        notes: "Start with everyday examples, such as the urge to send an angry message, before moving to harder ones.",
        core: true,
    },
    Seed {
        slug: "calming-the-body-fast",
        title: "Calming the body fast",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::CopingSkills],
        summary: "When emotions are extremely intense, thinking skills may not work. Members learn quick physical ways to bring the body down, such as cold water on the face, a short burst of hard exercise, slowed breathing and releasing tense muscles.",
        objectives: &[
            "Explain why physical skills work when emotions are too strong for thinking skills",
            "Practise slowed breathing and muscle release in the room",
            "Choose one fast calming skill for your crisis plan",
        ],
        minutes: 60,
        materials: &["Handout: fast calming skills", "Cold packs (optional)"],
        homework: "Practise one fast calming skill while you are calm so it is ready in a crisis.",
        notes: "Cold water and intense exercise can be unsafe for people with heart conditions, low blood pressure or eating difficulties, so advise them to check with a doctor first.",
        core: true,
    },
    Seed {
        slug: "distraction-that-helps",
        title: "Distraction that helps",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::CopingSkills],
        summary: "Distraction can carry someone through a crisis until the emotion passes, but it can also slide into avoidance. Members build a list of short-term distractions, such as activities, helping others, other thoughts and strong sensations, and learn when to use them.",
        objectives: &[
            "Tell the difference between helpful distraction and avoidance",
            "Build a personal list of at least eight distracting activities",
            "Plan when you will come back to the problem after distracting",
        ],
        minutes: 60,
        materials: &["Handout: distraction ideas", "Pens"],
        homework: "Use your list during one hard moment and rate your distress before and after.",
        notes: "Remind members that distraction is for getting through a crisis, not for solving long-term problems.",
        core: false,
    },
    Seed {
        slug: "self-soothing-with-the-senses",
        title: "Self-soothing with the senses",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::CopingSkills],
        summary: "Comforting the body through sight, sound, smell, taste and touch can lower distress. Members try a few safe sensory comforts in the session and plan a personal soothing kit.",
        objectives: &[
            "Name one soothing activity for each of the five senses",
            "Try at least two sensory comforts during the session",
            "Plan what to put in a personal soothing kit",
        ],
        minutes: 60,
        materials: &[
            "Soothing items, such as hand cream, textured objects and calm music",
            "Handout: soothing kit checklist",
        ],
        homework: "Put together a small soothing kit at home and use it once this week.",
        notes: "Check for allergies before using scents or food. Some smells and sounds can be trauma reminders, so let members opt out of any item.",
        core: false,
    },
    Seed {
        slug: "weighing-pros-and-cons",
        title: "Weighing the pros and cons of an urge",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::Cbt],
        summary: "Before acting on a crisis urge, it helps to look at the short- and long-term costs and benefits of acting on it and of resisting it. Members fill in a four-part grid for one urge they often have.",
        objectives: &[
            "Complete a four-part grid of pros and cons for acting on and resisting an urge",
            "Identify the long-term consequences that matter most to you",
            "Keep the grid where you can read it during a crisis",
        ],
        minutes: 60,
        materials: &["Handout: pros and cons grid", "Pens"],
        homework: "Read your grid the next time the urge appears and note what you chose.",
        notes: "Members often find the short-term benefits of an urge easiest to name; treat these honestly rather than dismissing them.",
        core: false,
    },
    Seed {
        slug: "accepting-what-cannot-change",
        title: "Accepting what cannot be changed right now",
        kind: K::Psychoeducation,
        modalities: &[M::Dbt, M::Mindfulness],
        summary: "Fighting a painful reality that cannot be changed adds suffering on top of pain. Members explore acceptance as acknowledging what is true, not approving of it, and practise turning the mind towards acceptance again and again.",
        objectives: &[
            "Explain the difference between accepting a situation and approving of it",
            "Identify one situation you are currently fighting",
            "Practise turning your mind towards acceptance with a short exercise",
        ],
        minutes: 60,
        materials: &["Handout: turning towards acceptance", "Whiteboard"],
        homework: "Notice when you are fighting a fact you cannot change and practise turning towards acceptance once.",
        notes: "Acceptance never means putting up with ongoing abuse or danger; say clearly that it sits alongside acting to stay safe. Grief may surface, so allow time for it.",
        core: true,
    },
    Seed {
        slug: "what-emotions-are-for",
        title: "What emotions are for",
        kind: K::Psychoeducation,
        modalities: &[M::Dbt, M::Cbt],
        summary: "Emotions are signals: they prepare us to act, communicate with others and tell us something about a situation. Understanding their purpose makes them less frightening and easier to work with.",
        objectives: &[
            "Describe three jobs that emotions do",
            "Trace one recent emotion from the event to the urge and the action",
            "Identify one emotion that is hard for you to feel",
        ],
        minutes: 60,
        materials: &["Handout: the path of an emotion", "Whiteboard"],
        homework: "Each day, trace one emotion along its path from event to action.",
        notes: "Some members grew up where emotions were punished or ignored, so acknowledge that the topic itself can feel uncomfortable.",
        core: true,
    },
    Seed {
        slug: "naming-emotions",
        title: "Naming emotions accurately",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::Mindfulness],
        summary: "It is hard to manage an emotion that has no name. Members widen their vocabulary for feelings and practise noticing the body signals, thoughts and urges that go with each emotion.",
        objectives: &[
            "Name at least ten different emotions",
            "Link an emotion with its body signals and urges",
            "Practise naming your current emotion and rating its strength from 0 to 10",
        ],
        minutes: 60,
        materials: &["Feelings word list", "Handout: emotion body map"],
        homework: "Three times a day, name your emotion and rate its strength.",
        notes: "Members may have words for feelings from other languages and cultures; welcome them.",
        core: false,
    },
    Seed {
        slug: "checking-the-facts",
        title: "Checking the facts",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::Cbt],
        summary: "Emotions often respond to our reading of an event rather than the event itself. Members practise separating facts from assumptions and asking whether the emotion, and its strength, fits the facts.",
        objectives: &[
            "Separate the facts of a situation from your interpretations",
            "Ask whether an emotion and its strength fit the facts",
            "Practise the skill on one recent upsetting event",
        ],
        minutes: 60,
        materials: &["Handout: facts or interpretations", "Whiteboard"],
        homework: "Check the facts on one upsetting event this week.",
        notes: "Make clear that many emotions do fit the facts; the skill is not about telling members their feelings are wrong.",
        core: true,
    },
    Seed {
        slug: "acting-opposite-to-the-urge",
        title: "Acting opposite to the urge",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::Cbt],
        summary: "When an emotion does not fit the facts, or acting on it would not help, doing the opposite of its urge can change the emotion itself. Members practise this with fear, sadness and anger.",
        objectives: &[
            "Identify the action urge that goes with fear, sadness and anger",
            "Plan an opposite action for one emotion that does not fit the facts",
            "Practise the opposite action fully, including posture and tone of voice",
        ],
        minutes: 60,
        materials: &["Handout: opposite actions", "Whiteboard"],
        homework: "Try an opposite action once this week and rate the emotion before and after.",
        notes: "This skill is not for emotions that fit the facts, such as fear of a real threat; make that distinction explicit.",
        core: true,
    },
    Seed {
        slug: "caring-for-the-body",
        title: "Caring for the body to steady emotions",
        kind: K::Psychoeducation,
        modalities: &[M::Dbt, M::HealthyLiving],
        summary: "Illness, poor sleep, skipped meals, substances and lack of movement all make emotions harder to manage. Members review their own self-care and pick one area to strengthen.",
        objectives: &[
            "Explain how looking after the body affects emotional sensitivity",
            "Rate your current sleep, eating, movement and health care",
            "Choose one area to improve this week",
        ],
        minutes: 60,
        materials: &["Handout: body care check", "Pens"],
        homework: "Make one small change in your chosen area every day this week.",
        notes: "Be sensitive to disability, long-term illness and poverty, and focus on what is within each member's reach.",
        core: false,
    },
    Seed {
        slug: "building-positive-experiences",
        title: "Building positive experiences",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::HealthyLiving],
        summary: "People who are often overwhelmed by painful emotions need regular pleasant experiences and a sense of achievement to balance them. Members plan small daily pleasures and one task that builds a sense of mastery.",
        objectives: &[
            "List pleasant activities you could do every day",
            "Plan one activity that builds a sense of achievement",
            "Practise staying present during a pleasant moment",
        ],
        minutes: 60,
        materials: &["Handout: pleasant activities", "Weekly planner"],
        homework: "Do one pleasant thing each day and one achievement task this week, and notice them fully.",
        notes: "Low mood makes pleasant events feel pointless at first, so encourage members to do them anyway and notice small changes.",
        core: false,
    },
    Seed {
        slug: "knowing-what-you-want-from-a-conversation",
        title: "Knowing what you want from a conversation",
        kind: K::Psychoeducation,
        modalities: &[M::Dbt],
        summary: "Before a difficult conversation it helps to be clear about three goals: the outcome you want, the relationship you want to keep, and how you want to feel about yourself afterwards. Members learn to weigh these goals and spot what gets in the way.",
        objectives: &[
            "Name the three goals in any difficult conversation",
            "Decide which goal matters most in a situation you face",
            "Identify worries or beliefs that stop you asking",
        ],
        minutes: 60,
        materials: &["Handout: three goals of a conversation", "Whiteboard"],
        homework: "Before one conversation this week, write down which of the three goals matters most.",
        notes: "Use low-stakes examples first. Members living with controlling or abusive people need safety planning rather than assertiveness practice, so follow up with them individually.",
        core: true,
    },
    Seed {
        slug: "asking-for-what-you-need",
        title: "Asking for what you need",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::CopingSkills],
        summary: "Members learn a simple order for making a request: describe the situation, say how you feel, ask clearly and say what is in it for the other person, while staying calm and open to negotiation. They practise in pairs.",
        objectives: &[
            "Describe the steps of a clear request",
            "Practise making a request in a role play",
            "Stay on track when the other person changes the subject",
        ],
        minutes: 60,
        materials: &["Handout: making a clear request", "Role-play cards"],
        homework: "Make one clear request this week using the steps.",
        notes: "Let members choose their scenarios, and never ask anyone to role-play a real conflict with someone who has hurt them.",
        core: true,
    },
    Seed {
        slug: "saying-no-and-setting-limits",
        title: "Saying no and setting limits",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::RelapsePrevention],
        summary: "Saying no protects time, energy and recovery, but it can feel selfish or risky. Members look at what makes refusing hard for them and practise saying no clearly and kindly.",
        objectives: &[
            "Identify what makes saying no hard for you",
            "Practise a short, clear refusal",
            "Decide on one limit you want to set",
        ],
        minutes: 60,
        materials: &["Role-play cards", "Whiteboard"],
        homework: "Say no to one request this week that you would once have agreed to, and note how it went.",
        notes: "Expectations about refusing vary a lot between cultures and families; explore them without judgement.",
        core: false,
    },
    Seed {
        slug: "keeping-the-relationship",
        title: "Keeping the relationship while you ask",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt],
        summary: "How we ask affects how the other person feels about us. Members practise being gentle, showing interest, acknowledging the other person's view and keeping an easy manner during a hard conversation.",
        objectives: &[
            "Describe behaviours that help keep a relationship during conflict",
            "Practise acknowledging the other person's point of view",
            "Notice your tone and body language in a role play",
        ],
        minutes: 60,
        materials: &["Handout: keeping the relationship", "Role-play cards"],
        homework: "In one conversation this week, say back the other person's point of view before giving yours.",
        notes: "Make clear that keeping a relationship never means accepting mistreatment.",
        core: false,
    },
    Seed {
        slug: "keeping-your-self-respect",
        title: "Keeping your self-respect",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::Cbt],
        summary: "Members explore how to come out of a conversation still respecting themselves: being fair to themselves as well as others, not apologising too much, sticking to their values and telling the truth. They practise holding a position calmly under pressure.",
        objectives: &[
            "Name behaviours that protect self-respect in a conversation",
            "Notice when you over-apologise or give up a value to keep the peace",
            "Practise holding your position calmly in a role play",
        ],
        minutes: 60,
        materials: &["Role-play cards", "Whiteboard"],
        homework: "Notice one time you over-apologise this week and try saying thank you instead.",
        notes: "Self-respect can be fragile after years of use, so keep feedback specific and kind.",
        core: true,
    },
    Seed {
        slug: "showing-you-understand",
        title: "Showing you understand",
        kind: K::SkillsPractice,
        modalities: &[M::Dbt, M::Family],
        summary: "Validation means showing that another person's feelings or view make sense, even when you disagree. Members learn ways to validate, from paying close attention to reflecting back, and practise validating themselves as well as others.",
        objectives: &[
            "Explain the difference between validating and agreeing",
            "Practise listening and reflecting back in pairs",
            "Write one validating sentence for yourself",
        ],
        minutes: 60,
        materials: &["Handout: ways to show you understand", "Whiteboard"],
        homework: "Validate one other person and yourself at least once this week.",
        notes: "Members who have often been invalidated may find this emotional. Slow down, and model validation in how you run the group.",
        core: false,
    },
    // Coping skills (the rolling 8-session template).
    Seed {
        slug: "building-a-coping-toolbox",
        title: "Building a coping toolbox",
        kind: K::Psychoeducation,
        modalities: &[M::CopingSkills],
        summary: "Everyone already copes somehow, but some ways help in the short term and harm in the long term. Members sort their current strategies and start a toolbox of healthy options for different situations.",
        objectives: &[
            "List the ways you currently cope with stress",
            "Sort them into helpful and unhelpful in the long term",
            "Add three new healthy options to your toolbox",
        ],
        minutes: 60,
        materials: &["Handout: coping toolbox", "Pens"],
        homework: "Try one new option from your toolbox and note how it worked.",
        notes: "Acknowledge that unhelpful coping, including substance use, once served a purpose; curiosity works better than criticism.",
        core: true,
    },
    Seed {
        slug: "understanding-anxiety",
        title: "Understanding anxiety",
        kind: K::Psychoeducation,
        modalities: &[M::CopingSkills, M::Cbt],
        summary: "Anxiety is the body's alarm system, and it can go off when there is no real danger. Members learn how the alarm works, why avoidance keeps anxiety going and how slow breathing settles the body.",
        objectives: &[
            "Describe how the body's alarm system works",
            "Explain how avoidance keeps anxiety going",
            "Name the body signs of your own anxiety",
        ],
        minutes: 60,
        materials: &["Handout: the anxiety cycle", "Whiteboard"],
        homework: "Notice one time you avoid something because of anxiety and write down what happened.",
        notes: "Members who have panic attacks may worry that talking about symptoms will set one off; reassure them they can step out at any time.",
        core: true,
    },
    Seed {
        slug: "staying-present-when-overwhelmed",
        title: "Staying present when overwhelmed",
        kind: K::Psychoeducation,
        modalities: &[M::CopingSkills, M::Mindfulness],
        summary: "Strong emotions or memories can pull people out of the present moment, leaving them numb, spaced out or flooded. Members learn to recognise this and to use their senses to come back to the here and now.",
        objectives: &[
            "Recognise the signs that you are becoming overwhelmed or disconnected",
            "Describe how using the senses can bring you back to the present",
            "Choose two grounding methods to carry with you",
        ],
        minutes: 60,
        materials: &[
            "Handout: coming back to the present",
            "Grounding objects, such as smooth stones or textured fabric",
        ],
        homework: "Use one grounding method at least once a day, even when you feel calm.",
        notes: "Do not invite members to describe flashbacks or traumatic memories. Have a plan for supporting anyone who becomes distressed in the room.",
        core: true,
    },
    Seed {
        slug: "step-by-step-problem-solving",
        title: "Step-by-step problem solving",
        kind: K::SkillsPractice,
        modalities: &[M::CopingSkills, M::Cbt],
        summary: "When problems pile up it is easy to freeze or to act without thinking. Members learn a simple method: define the problem, list options, weigh them, choose one, try it and review how it went.",
        objectives: &[
            "Describe the steps of structured problem solving",
            "Work through one real but manageable problem in a small group",
            "Plan when you will try your chosen solution",
        ],
        minutes: 60,
        materials: &["Handout: problem-solving steps", "Whiteboard"],
        homework: "Try your chosen solution and review how it went using the last step.",
        notes: "Help members pick problems they can change, and link problems outside their control to acceptance skills.",
        core: true,
    },
    Seed {
        slug: "balancing-unhelpful-thoughts",
        title: "Balancing unhelpful thoughts",
        kind: K::SkillsPractice,
        modalities: &[M::Cbt, M::CopingSkills],
        summary: "Thoughts affect feelings and actions, and under stress they are often harsher than the facts. Members practise noticing a thought, weighing the evidence for and against it, and writing a more balanced version.",
        objectives: &[
            "Explain the link between thoughts, feelings and actions",
            "Notice one unhelpful thought from the past week",
            "Write a more balanced thought based on the evidence",
        ],
        minutes: 60,
        materials: &["Handout: thought record", "Whiteboard"],
        homework: "Complete one thought record about a situation that upset you this week.",
        notes: "Balanced does not mean positive, so avoid suggesting that members should simply think happier thoughts.",
        core: true,
    },
    Seed {
        slug: "low-mood-and-getting-active",
        title: "Low mood and getting active",
        kind: K::Psychoeducation,
        modalities: &[M::CopingSkills, M::Cbt],
        summary: "Low mood drains energy, so people do less, which lowers mood further. Members learn how small, planned activities can break this cycle and schedule a few for the week ahead.",
        objectives: &[
            "Describe the cycle of low mood and doing less",
            "Plan three small activities for the coming week",
            "Rate your mood before and after an activity",
        ],
        minutes: 60,
        materials: &["Handout: activity and mood diary", "Pens"],
        homework: "Do your planned activities and rate your mood before and after each one.",
        notes: "If a member describes very low mood or hopelessness, ask about risk and follow your service's safety procedures.",
        core: false,
    },
    Seed {
        slug: "kinder-self-talk",
        title: "Kinder self-talk",
        kind: K::SkillsPractice,
        modalities: &[M::CopingSkills, M::Mindfulness],
        summary: "Many people speak to themselves far more harshly than they would to a friend. Members notice their inner critic and practise a warmer, more encouraging way of talking to themselves.",
        objectives: &[
            "Notice the tone of your own self-talk",
            "Compare how you talk to yourself with how you talk to a friend",
            "Practise writing a kind, realistic message to yourself",
        ],
        minutes: 60,
        materials: &["Handout: talking to yourself like a friend", "Pens"],
        homework: "Once a day, replace a harsh comment to yourself with what you would say to a friend.",
        notes: "Kindness towards oneself can feel uncomfortable or undeserved at first; name this and go gently.",
        core: false,
    },
    Seed {
        slug: "asking-for-help-and-staying-safe",
        title: "Asking for help and staying safe",
        kind: K::Psychoeducation,
        modalities: &[M::CopingSkills, M::Other],
        summary: "Knowing when and how to ask for help is a coping skill in its own right. Members review the signs that they need more help, who they can contact at different times of day, and build or update a personal safety plan.",
        objectives: &[
            "Name the signs that you need more help than usual",
            "List people and services you can contact by day and by night",
            "Complete or update your personal safety plan",
        ],
        minutes: 60,
        materials: &[
            "Handout: personal safety plan",
            "Local crisis contacts list",
        ],
        homework: "Save your key contact numbers in your phone and keep your safety plan where you can find it.",
        notes: "Check that crisis numbers are current before the session. Speak privately with anyone who discloses current risk and follow your service's procedures.",
        core: true,
    },
    // Short practices that can be paired with a topic.
    Seed {
        slug: "paced-breathing-practice",
        title: "Paced breathing practice",
        kind: K::SkillsPractice,
        modalities: &[M::CopingSkills, M::Mindfulness],
        summary: "A guided practice of slow breathing with a longer out-breath, which helps settle the body's alarm. Members try different counts and find a pace that feels comfortable.",
        objectives: &[
            "Practise slow breathing with a longer out-breath",
            "Find a breathing pace that is comfortable for you",
            "Plan when you will practise each day",
        ],
        minutes: 30,
        materials: &["Timer", "Handout: paced breathing steps"],
        homework: "Practise paced breathing for five minutes each day.",
        notes: "Focusing on the breath makes some people more anxious, so offer counting or watching an object instead. Keeping eyes open is always an option.",
        core: false,
    },
    Seed {
        slug: "grounding-practice",
        title: "Grounding practice",
        kind: K::SkillsPractice,
        modalities: &[M::CopingSkills, M::Mindfulness],
        summary: "A guided practice of coming back to the present through the senses, such as naming things you can see, hear and touch, or pressing your feet into the floor. Members try several methods and note which work for them.",
        objectives: &[
            "Practise at least three grounding methods",
            "Notice which methods help you feel more present",
            "Rate your distress before and after grounding",
        ],
        minutes: 30,
        materials: &["Grounding objects", "Handout: grounding methods"],
        homework: "Use your favourite grounding method every day for a week.",
        notes: "Keep eyes open, your voice calm and instructions simple, and let members stop at any time.",
        core: false,
    },
    Seed {
        slug: "muscle-relaxation-practice",
        title: "Muscle relaxation practice",
        kind: K::SkillsPractice,
        modalities: &[M::CopingSkills, M::HealthyLiving],
        summary: "A guided practice of gently tensing and releasing groups of muscles to notice and let go of physical tension. Members learn a short version to use before sleep or in stressful moments.",
        objectives: &[
            "Practise tensing and releasing the main muscle groups",
            "Notice the difference between tension and relaxation",
            "Learn a short version for everyday use",
        ],
        minutes: 30,
        materials: &["Chairs or mats", "Audio guide (optional)"],
        homework: "Practise the short version once a day, ideally before bed.",
        notes: "Tell members to tense gently and skip any part of the body that is injured or painful. Lying down is optional.",
        core: false,
    },
    Seed {
        slug: "urge-surfing-practice",
        title: "Urge surfing practice",
        kind: K::SkillsPractice,
        modalities: &[M::Mindfulness, M::RelapsePrevention],
        summary: "A guided practice of noticing a craving as a wave that rises, peaks and falls, without acting on it or fighting it. Members practise with a mild, imagined urge.",
        objectives: &[
            "Describe a craving as a wave that rises and falls",
            "Practise watching an urge without acting on it",
            "Plan when you will use urge surfing this week",
        ],
        minutes: 30,
        materials: &["Timer", "Handout: riding the wave"],
        homework: "Surf one craving this week and note how long it took to pass.",
        notes: "Use a mild imagined urge, such as wanting to check a phone, rather than a substance cue. Close with a grounding exercise so nobody leaves with an active craving.",
        core: false,
    },
    Seed {
        slug: "refusal-skills-role-play",
        title: "Refusal skills role play",
        kind: K::SkillsPractice,
        modalities: &[M::RelapsePrevention, M::CopingSkills],
        summary: "Members practise turning down offers of alcohol or drugs in role plays, using a firm no, eye contact, a change of subject and leaving if needed. Rehearsing in a safe room makes the words easier to find in real life.",
        objectives: &[
            "Practise a short, clear refusal in a role play",
            "Try responses to pressure after the first no",
            "Plan how to leave if refusing does not work",
        ],
        minutes: 30,
        materials: &["Role-play cards"],
        homework: "Rehearse your refusal words aloud twice before the weekend.",
        notes: "Let members choose whether to act or observe, and use invented names rather than people from members' lives.",
        core: false,
    },
    Seed {
        slug: "mindful-walking-practice",
        title: "Mindful walking practice",
        kind: K::SkillsPractice,
        modalities: &[M::Mindfulness, M::HealthyLiving],
        summary: "A slow, guided walk indoors or outside, paying attention to the movement of the body, the ground underfoot and the surroundings. It offers a way into mindfulness for people who find sitting still hard.",
        objectives: &[
            "Practise walking slowly with attention on each step",
            "Bring your attention back when it wanders",
            "Plan a short mindful walk in your daily routine",
        ],
        minutes: 30,
        materials: &["Clear floor space or a safe outdoor route"],
        homework: "Take a ten-minute mindful walk on at least three days.",
        notes: "Offer a seated or standing version for anyone with limited mobility.",
        core: false,
    },
    // Family education.
    Seed {
        slug: "understanding-addiction-for-families",
        title: "Understanding addiction: for families",
        kind: K::FamilyEducation,
        modalities: &[M::Family, M::RelapsePrevention],
        summary: "Family members and supporters learn how addiction develops, why stopping is hard and what treatment involves. A shared understanding reduces blame and helps families support recovery.",
        objectives: &[
            "Describe addiction as a health condition that affects the whole family",
            "Explain what intensive outpatient treatment involves",
            "Name one source of support for family members themselves",
        ],
        minutes: 90,
        materials: &[
            "Handout: addiction and the family",
            "Local family support services list",
        ],
        homework: "Read the handout at home and write down one question to bring next time.",
        notes: "Family sessions need the member's consent. Keep the focus on learning rather than grievances if conflict between relatives surfaces.",
        core: true,
    },
    Seed {
        slug: "supporting-without-rescuing",
        title: "Supporting without rescuing",
        kind: K::FamilyEducation,
        modalities: &[M::Family],
        summary: "Out of love, families often shield someone from the results of their use, which can make change harder. Supporters learn the difference between helping and rescuing and how to set caring limits.",
        objectives: &[
            "Tell the difference between support and rescuing",
            "Identify one rescuing habit you want to change",
            "Plan how to set one caring limit",
        ],
        minutes: 90,
        materials: &["Handout: helping or rescuing", "Whiteboard"],
        homework: "Put your planned limit into practice once and note what happened.",
        notes: "Supporters may feel blamed, so stress that rescuing comes from care. Where there is violence, safety comes before any limit-setting.",
        core: true,
    },
    Seed {
        slug: "talking-with-each-other",
        title: "Talking with each other in recovery",
        kind: K::FamilyEducation,
        modalities: &[M::Family, M::CopingSkills],
        summary: "Families learn simple ways to talk about hard subjects: choosing a calm time, speaking about their own feelings instead of blaming, listening to understand and taking a break when things heat up. Members and relatives practise with invented examples.",
        objectives: &[
            "Practise speaking about your own feelings instead of blaming",
            "Practise listening and summarising before you reply",
            "Agree on a signal for taking a break",
        ],
        minutes: 90,
        materials: &["Handout: talking tips for families", "Role-play cards"],
        homework: "Try one calm conversation at home using the talking tips.",
        notes: "Use invented examples and do not role-play real family conflicts in the room.",
        core: true,
    },
    // Medication education.
    Seed {
        slug: "getting-the-most-from-medication",
        title: "Getting the most from your medication",
        kind: K::Psychoeducation,
        modalities: &[M::MedicationEducation],
        summary: "Medication works best when people understand why it is prescribed, how to take it and what to watch for. Members learn what to ask their prescriber and pharmacist and how to keep track of their medicines.",
        objectives: &[
            "Name the reason for each medication you take",
            "List questions to ask about side effects and interactions",
            "Choose a way to remember doses, such as a pill organiser or phone alarm",
        ],
        minutes: 60,
        materials: &["Handout: my medication list", "Sample pill organiser"],
        homework: "Fill in your medication list and check it with your pharmacist or prescriber.",
        notes: "Do not give individual medical advice; refer questions to the prescriber. Keep the conversation free of judgement about people who stop or skip medication.",
        core: false,
    },
    Seed {
        slug: "side-effects-and-stopping-medication",
        title: "Side effects and stopping medication",
        kind: K::Psychoeducation,
        modalities: &[M::MedicationEducation, M::HealthyLiving],
        summary: "Side effects are a common reason people stop taking medication, sometimes suddenly and with risks. Members learn how to report side effects, why some medicines must not be stopped suddenly, and how to plan changes with a prescriber.",
        objectives: &[
            "Describe common side effects and how to report them",
            "Explain why some medicines must not be stopped suddenly",
            "Plan how to raise a concern with your prescriber",
        ],
        minutes: 60,
        materials: &["Handout: talking to your prescriber", "Whiteboard"],
        homework: "Write down any side effects you notice this week to share at your next appointment.",
        notes: "Give general information only. If a member reports a serious side effect, make sure they contact their prescriber or urgent care promptly.",
        core: false,
    },
    // Healthy living.
    Seed {
        slug: "movement-and-mood",
        title: "Movement and mood",
        kind: K::Psychoeducation,
        modalities: &[M::HealthyLiving, M::CopingSkills],
        summary: "Regular movement of any kind helps mood, sleep and stress. Members find kinds of movement that suit their body, budget and week, and plan to start small.",
        objectives: &[
            "Explain how movement affects mood and stress",
            "Choose a kind of movement that suits your body and budget",
            "Plan a realistic first step for this week",
        ],
        minutes: 60,
        materials: &["Handout: ways to move more", "Whiteboard"],
        homework: "Do your planned movement on three days and note your mood afterwards.",
        notes: "Include options for people with disabilities, pain or little space at home, and avoid any focus on weight or appearance.",
        core: false,
    },
    // Process groups.
    Seed {
        slug: "open-process-group",
        title: "Open process group",
        kind: K::Process,
        modalities: &[M::Other],
        summary: "An open session where members bring what is on their minds, such as recent struggles, successes or worries, and the group responds with support and feedback. The facilitator links themes to skills already learned.",
        objectives: &[
            "Share a current concern or success with the group",
            "Practise giving supportive, honest feedback to others",
            "Link one thing you heard to a skill you have learned",
        ],
        minutes: 90,
        materials: &["Whiteboard"],
        homework: "Note one piece of feedback from the group that you want to act on.",
        notes: "Agree how time will be shared at the start so no one dominates. Check in at the end with anyone who shared something painful.",
        core: false,
    },
    Seed {
        slug: "check-in-and-goal-review",
        title: "Check-in and goal review",
        kind: K::Process,
        modalities: &[M::Other, M::CopingSkills],
        summary: "Members review the past week against their goals, name what helped and what got in the way, and set a small goal for the coming week. Regular review builds momentum and catches problems early.",
        objectives: &[
            "Review progress on last week's goal",
            "Identify one thing that helped and one that got in the way",
            "Set a specific, small goal for the coming week",
        ],
        minutes: 45,
        materials: &["Handout: weekly goal sheet", "Pens"],
        homework: "Work on your goal and note your progress each day.",
        notes: "Praise effort rather than outcome, and treat unmet goals as useful information rather than failure.",
        core: false,
    },
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::domain::library::curriculum::validate_curriculum;
    use crate::domain::library::topic::{Modality, TopicKind, validate_topic};

    /// Words an objective may start with: each objective is an action the member can take.
    const VERBS: &[&str] = &[
        "Add",
        "Agree",
        "Ask",
        "Bring",
        "Build",
        "Choose",
        "Compare",
        "Complete",
        "Create",
        "Decide",
        "Define",
        "Describe",
        "Draw",
        "Explain",
        "Fill",
        "Find",
        "Gather",
        "Identify",
        "Keep",
        "Learn",
        "Link",
        "List",
        "Map",
        "Match",
        "Name",
        "Notice",
        "Plan",
        "Practise",
        "Prepare",
        "Rank",
        "Rate",
        "Recognise",
        "Review",
        "Separate",
        "Set",
        "Share",
        "Sort",
        "Stay",
        "Take",
        "Tell",
        "Trace",
        "Try",
        "Work",
        "Write",
    ];

    /// Sentences in a short text, counted by their closing marks.
    fn sentences(text: &str) -> usize {
        let inner = text.matches(". ").count() + text.matches("? ").count();
        let closed = text.trim_end().ends_with(['.', '?', '!']);
        inner + usize::from(closed)
    }

    fn by_id() -> crate::domain::table::Table<String, Topic> {
        starter_topics()
            .into_iter()
            .map(|t| (t.id.clone(), t))
            .collect()
    }

    fn template(id: &str) -> Curriculum {
        templates()
            .into_iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no template {id}"))
    }

    #[test]
    fn the_library_has_at_least_56_topics_with_unique_stable_ids() {
        let topics = starter_topics();
        assert!(topics.len() >= 56, "only {} topics", topics.len());
        let ids: BTreeSet<&str> = topics.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), topics.len(), "topic ids repeat");
        for t in &topics {
            let slug = t.id.strip_prefix("topic-").unwrap_or_default();
            assert!(
                !slug.is_empty()
                    && !slug.starts_with('-')
                    && !slug.ends_with('-')
                    && !slug.contains("--")
                    && slug
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not topic-<kebab-slug>",
                t.id
            );
        }
        // Stable: building the library twice gives the same records.
        assert_eq!(starter_topics(), topics);
    }

    #[test]
    fn every_topic_is_valid_and_complete() {
        let titles: BTreeSet<String> = starter_topics()
            .iter()
            .map(|t| t.title.to_lowercase())
            .collect();
        assert_eq!(titles.len(), starter_topics().len(), "titles repeat");
        for t in starter_topics() {
            let who = &t.title;
            assert_eq!(validate_topic(&t), Ok(()), "{who}");
            assert_eq!(t.schema, TOPIC_SCHEMA, "{who}");
            assert!(!t.archived, "{who}");
            assert!(
                (30..=90).contains(&t.minutes) && t.minutes % 5 == 0,
                "{who}: {} minutes",
                t.minutes
            );
            assert!((1..=2).contains(&t.modalities.len()), "{who}");
            assert!((2..=3).contains(&sentences(&t.summary)), "{who}: summary");
            assert!((2..=4).contains(&t.objectives.len()), "{who}: objectives");
            for o in &t.objectives {
                let first = o.split_whitespace().next().unwrap_or_default();
                assert!(VERBS.contains(&first), "{who}: objective {o:?}");
                assert!(!o.ends_with('.'), "{who}: objective {o:?}");
            }
            assert!((1..=3).contains(&t.materials.len()), "{who}: materials");
            assert!(t.materials.iter().all(|m| !m.trim().is_empty()), "{who}");
            assert_eq!(sentences(&t.homework), 1, "{who}: homework");
            assert!(
                (1..=2).contains(&sentences(&t.facilitator_notes)),
                "{who}: notes"
            );
        }
    }

    #[test]
    fn titles_use_plain_words_rather_than_skill_acronyms() {
        for t in starter_topics() {
            for word in t.title.split_whitespace() {
                let capitals = word.chars().filter(|c| c.is_ascii_uppercase()).count();
                assert!(capitals < 3, "{}: {word}", t.title);
            }
        }
    }

    #[test]
    fn every_kind_and_modality_is_covered() {
        let topics = starter_topics();
        for kind in TopicKind::ALL {
            assert!(
                topics.iter().any(|t| t.kind == kind),
                "no {} topic",
                kind.label()
            );
        }
        for modality in Modality::ALL {
            assert!(
                topics.iter().any(|t| t.modalities.contains(&modality)),
                "no {} topic",
                modality.label()
            );
        }
        assert!(topics.iter().filter(|t| t.modalities.len() == 2).count() >= 5);
    }

    #[test]
    fn templates_are_the_three_promised_and_valid_against_the_starter_topics() {
        let topics = by_id();
        let all = templates();
        let ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, [MATRIX_RP_ID, DBT_ID, COPING_ID]);
        for c in &all {
            assert_eq!(validate_curriculum(c, &topics), Ok(()), "{}", c.name);
            assert_eq!(c.schema, CURRICULUM_SCHEMA);
            assert!(!c.archived);
            let units: BTreeSet<&str> = c.steps().iter().map(|s| s.unit.id.as_str()).collect();
            assert_eq!(units.len(), c.len(), "{}: unit ids repeat", c.name);
            let modules: BTreeSet<&str> = c.modules.iter().map(|m| m.id.as_str()).collect();
            assert_eq!(
                modules.len(),
                c.modules.len(),
                "{}: module ids repeat",
                c.name
            );
        }
        assert_eq!(starter_library(), (starter_topics(), all));
    }

    #[test]
    fn relapse_prevention_runs_once_over_32_sessions_in_four_modules() {
        let c = template(MATRIX_RP_ID);
        assert_eq!(c.name, "Relapse prevention, 16 weeks (Matrix-style)");
        assert_eq!(c.kind, CurriculumKind::Closed);
        assert_eq!(c.len(), 32);
        let shape: Vec<(&str, usize)> = c
            .modules
            .iter()
            .map(|m| (m.name.as_str(), m.units.len()))
            .collect();
        assert_eq!(
            shape,
            [
                ("Early recovery", 8),
                ("Triggers and cravings", 8),
                ("Lifestyle and relationships", 8),
                ("Staying well", 8)
            ]
        );
        assert!(c.description.contains("two sessions a week"));
        assert!(c.description.contains("takes longer or shorter"));
        assert_eq!(c.steps()[0].unit.id, "u01");
        assert_eq!(c.steps()[31].unit.id, "u32");
    }

    #[test]
    fn dbt_modules_each_open_with_the_same_two_mindfulness_units() {
        let topics = by_id();
        let c = template(DBT_ID);
        assert_eq!(c.name, "DBT skills cycle, 24 weeks");
        assert_eq!(
            (c.kind, c.entry),
            (CurriculumKind::Rolling, EntryRule::ModuleStart)
        );
        assert_eq!(c.len(), 24);
        let names: Vec<&str> = c.modules.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Distress tolerance",
                "Emotion regulation",
                "Interpersonal effectiveness"
            ]
        );
        let mut opening_units = BTreeSet::new();
        for m in &c.modules {
            assert_eq!(m.units.len(), 8, "{}", m.name);
            let opening: Vec<&str> = m.units[..2].iter().map(|u| u.topic.as_str()).collect();
            assert_eq!(
                opening,
                ["topic-wise-mind", "topic-observe-describe-participate"],
                "{}",
                m.name
            );
            for u in &m.units[..2] {
                assert!(topics[&u.topic].modalities.contains(&Modality::Mindfulness));
                opening_units.insert(u.id.clone());
            }
            // The six module skills are not mindfulness repeats.
            for u in &m.units[2..] {
                assert!(!u.topic.contains("wise-mind") && !u.topic.contains("observe"));
            }
        }
        assert_eq!(
            opening_units.len(),
            6,
            "mindfulness units need their own ids"
        );
        assert!(c.description.contains("one session a week"));
        assert!(c.description.contains("join when a module starts"));
    }

    #[test]
    fn coping_skills_roll_with_entry_at_any_session_and_paired_practices() {
        let c = template(COPING_ID);
        assert_eq!(c.name, "Coping skills, rolling 8 sessions");
        assert_eq!(
            (c.kind, c.entry),
            (CurriculumKind::Rolling, EntryRule::AnySession)
        );
        assert_eq!((c.modules.len(), c.len()), (1, 8));
        let paired: Vec<&str> = c
            .steps()
            .iter()
            .filter_map(|s| s.unit.practice.as_deref())
            .collect();
        assert!(paired.len() >= 3, "{paired:?}");
        assert!(paired.contains(&"topic-paced-breathing-practice"));
        assert!(paired.contains(&"topic-grounding-practice"));
    }

    #[test]
    fn paired_practices_are_skills_practice_topics() {
        let topics = by_id();
        for c in templates() {
            for s in c.steps() {
                if let Some(p) = &s.unit.practice {
                    assert_eq!(topics[p].kind, TopicKind::SkillsPractice, "{p}");
                    assert_ne!(p, &s.unit.topic);
                }
            }
        }
        let matrix = template(MATRIX_RP_ID);
        assert!(matrix.steps().iter().any(|s| s.unit.practice.is_some()));
    }

    #[test]
    fn about_half_of_the_curriculum_topics_are_core() {
        let topics = by_id();
        let mut main: BTreeSet<String> = BTreeSet::new();
        for c in templates() {
            main.extend(c.steps().iter().map(|s| s.unit.topic.clone()));
        }
        let core = main.iter().filter(|id| topics[*id].core).count();
        let share = core as f64 / main.len() as f64;
        assert!(
            (0.4..=0.6).contains(&share),
            "{core} of {} curriculum topics are core",
            main.len()
        );
        // Short paired practices are extras, not core content.
        assert!(
            starter_topics()
                .iter()
                .filter(|t| t.id.ends_with("-practice"))
                .all(|t| !t.core)
        );
    }
}
