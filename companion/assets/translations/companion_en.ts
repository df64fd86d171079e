<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>Breaks</name>
        <message numerus="yes">
            <source>{kind} in %n minute(s)</source>
            <translation>
                <numerusform>{kind} in %n minute</numerusform>
                <numerusform>{kind} in %n minutes</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{kind} in %n second(s)</source>
            <translation>
                <numerusform>{kind} in %n second</numerusform>
                <numerusform>{kind} in %n seconds</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Open promises to clients: %n.</source>
            <translation>
                <numerusform>Open promises to clients: %n.</numerusform>
                <numerusform>Open promises to clients: %n.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Overdue right now: %n.</source>
            <translation>
                <numerusform>Overdue right now: %n.</numerusform>
                <numerusform>Overdue right now: %n.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Cadence</name>
        <message numerus="yes">
            <source>Every %n working hour(s)</source>
            <translation>
                <numerusform>Every %n working hour</numerusform>
                <numerusform>Every %n working hours</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Every %n business day(s)</source>
            <translation>
                <numerusform>Every %n business day</numerusform>
                <numerusform>Every %n business days</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Every %n week(s)</source>
            <translation>
                <numerusform>Every %n week</numerusform>
                <numerusform>Every %n weeks</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>CycleEdit</name>
        <message numerus="yes">
            <source> day(s) on</source>
            <translation>
                <numerusform> day on</numerusform>
                <numerusform> days on</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source> day(s) off</source>
            <translation>
                <numerusform> day off</numerusform>
                <numerusform> days off</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>HandoffDialog</name>
        <message numerus="yes">
            <source>%n ticket(s)</source>
            <translation>
                <numerusform>%n ticket</numerusform>
                <numerusform>%n tickets</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n/{cap} ticket(s)</source>
            <translation>
                <numerusform>%n/{cap} ticket</numerusform>
                <numerusform>%n/{cap} tickets</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n/{cap} update(s)</source>
            <translation>
                <numerusform>%n/{cap} update</numerusform>
                <numerusform>%n/{cap} updates</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Runtime</name>
        <message numerus="yes">
            <source>Team: %n offer(s) waiting for your answer</source>
            <translation>
                <numerusform>Team: %n offer waiting for your answer</numerusform>
                <numerusform>Team: %n offers waiting for your answer</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n action(s) will be sent later</source>
            <translation>
                <numerusform>%n action will be sent later</numerusform>
                <numerusform>%n actions will be sent later</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message numerus="yes">
            <source> time(s) per hour</source>
            <translation>
                <numerusform> time per hour</numerusform>
                <numerusform> times per hour</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>every </source>
            <translation>
                <numerusform>every </numerusform>
                <numerusform>every </numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>every %n min, {duration}</source>
            <translation>
                <numerusform>every %n min, {duration}</numerusform>
                <numerusform>every %n min, {duration}</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n action(s) not yet sent to the team server</source>
            <translation>
                <numerusform>%n action not yet sent to the team server</numerusform>
                <numerusform>%n actions not yet sent to the team server</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n offer(s) of yours waiting for an answer</source>
            <translation>
                <numerusform>%n offer of yours waiting for an answer</numerusform>
                <numerusform>%n offers of yours waiting for an answer</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n accepted ticket(s) not yet in your list</source>
            <translation>
                <numerusform>%n accepted ticket not yet in your list</numerusform>
                <numerusform>%n accepted tickets not yet in your list</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n action(s)</source>
            <translation>
                <numerusform>%n action</numerusform>
                <numerusform>%n actions</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source> ticket(s)</source>
            <translation>
                <numerusform> ticket</numerusform>
                <numerusform> tickets</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source> update(s)</source>
            <translation>
                <numerusform> update</numerusform>
                <numerusform> updates</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>TicketDialog</name>
        <message numerus="yes">
            <source>No day in the next %n working day(s) has room: consider handing the ticket to a colleague.</source>
            <translation>
                <numerusform>The next working day has no room: consider handing the ticket to a colleague.</numerusform>
                <numerusform>No day in the next %n working days has room: consider handing the ticket to a colleague.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>WelcomeDialog</name>
        <message numerus="yes">
            <source> ticket(s)</source>
            <translation>
                <numerusform> ticket</numerusform>
                <numerusform> tickets</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source> update(s)</source>
            <translation>
                <numerusform> update</numerusform>
                <numerusform> updates</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>WellbeingWindow</name>
        <message numerus="yes">
            <source>%n day(s)</source>
            <translation>
                <numerusform>%n day</numerusform>
                <numerusform>%n days</numerusform>
            </translation>
        </message>
    </context>
</TS>
