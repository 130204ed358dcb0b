//! Conformance tests: raw HTTP against a running emulator, step by step as `hub-protocol.md` describes the
//! real hub (§3.1 login, §3.4 sessions, §3.5 start page, §3.6 pupil switch, §5 error behaviour).

mod admin;
mod assessment;
mod attendance;
mod blog;
mod calendar;
mod classlist;
mod communication;
mod documentation;
mod etest;
mod faults;
mod home;
mod learnlog;
mod login;
mod meeting;
mod messages;
mod notifications;
mod pairing;
mod publish;
mod robustness;
mod session;
mod support;
mod task;
mod timereg;
mod timetable;
mod weeklyplan;
