<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
    <context>
        <name>BarChart</name>
        <message>
            <source>Nothing recorded</source>
            <translation>Нет данных</translation>
        </message>
    </context>
    <context>
        <name>BreakScreens</name>
        <message>
            <source>No postpones left this hour</source>
            <translation>В этот час откладывать больше нельзя</translation>
        </message>
        <message>
            <source>Postpone is only possible at the start of a break</source>
            <translation>Отложить можно только в начале перерыва</translation>
        </message>
        <message>
            <source>“Done early” becomes available after the first two minutes</source>
            <translation>Кнопка «Закончить раньше» станет доступна через две минуты после начала перерыва</translation>
        </message>
        <message>
            <source>End the break: I have rested enough</source>
            <translation>Завершить перерыв: отдыха достаточно</translation>
        </message>
        <message>
            <source>Possible after the first two minutes of the break</source>
            <translation>Доступно после первых двух минут перерыва</translation>
        </message>
    </context>
    <context>
        <name>BreakWindow</name>
        <message>
            <source>Break — Support Companion</source>
            <translation>Перерыв — Support Companion</translation>
        </message>
        <message>
            <source>&amp;Skip</source>
            <translation>&amp;Пропустить</translation>
        </message>
        <message>
            <source>End this break now (it is counted as skipped)</source>
            <translation>Завершить перерыв сейчас (он будет засчитан как пропущенный)</translation>
        </message>
        <message>
            <source>&amp;Done early</source>
            <translation>&amp;Закончить раньше</translation>
        </message>
        <message>
            <source>End the break: I have rested enough</source>
            <translation>Завершить перерыв: отдыха достаточно</translation>
        </message>
        <message>
            <source>Held while you were in fullscreen</source>
            <translation>Ждал, пока вы работали в полноэкранном режиме</translation>
        </message>
        <message>
            <source>Held while you were in Do not disturb</source>
            <translation>Ждал, пока был включён режим «Не беспокоить»</translation>
        </message>
        <message>
            <source>&amp;Postpone ({n} min)</source>
            <translation>&amp;Отложить ({n} мин)</translation>
        </message>
        <message>
            <source>Start this break again in {n} min</source>
            <translation>Начать этот перерыв снова через {n} мин</translation>
        </message>
    </context>
    <context>
        <name>Breaks</name>
        <message numerus="yes">
            <source>{kind} in %n minute(s)</source>
            <translation>
                <numerusform>{kind} через %n минуту</numerusform>
                <numerusform>{kind} через %n минуты</numerusform>
                <numerusform>{kind} через %n минут</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>{kind} in %n second(s)</source>
            <translation>
                <numerusform>{kind} через %n секунду</numerusform>
                <numerusform>{kind} через %n секунды</numerusform>
                <numerusform>{kind} через %n секунд</numerusform>
            </translation>
        </message>
        <message>
            <source>Your shift is over</source>
            <translation>Смена закончилась</translation>
        </message>
        <message numerus="yes">
            <source>Open promises to clients: %n.</source>
            <translation>
                <numerusform>Открытых обещаний клиентам: %n.</numerusform>
                <numerusform>Открытых обещаний клиентам: %n.</numerusform>
                <numerusform>Открытых обещаний клиентам: %n.</numerusform>
            </translation>
        </message>
        <message>
            <source>Time to stop: the rest can wait until tomorrow.</source>
            <translation>Пора заканчивать: остальное подождёт до завтра.</translation>
        </message>
        <message>
            <source>Breaks are off</source>
            <translation>Перерывы выключены</translation>
        </message>
        <message>
            <source>Time to stop</source>
            <translation>Пора заканчивать</translation>
        </message>
        <message numerus="yes">
            <source>Overdue right now: %n.</source>
            <translation>
                <numerusform>Просрочено сейчас: %n.</numerusform>
                <numerusform>Просрочено сейчас: %n.</numerusform>
                <numerusform>Просрочено сейчас: %n.</numerusform>
            </translation>
        </message>
        <message>
            <source>A break waits for fullscreen to end</source>
            <translation>Перерыв ждёт выхода из полноэкранного режима</translation>
        </message>
        <message>
            <source>A break waits: Do not disturb</source>
            <translation>Перерыв ждёт: включён режим «Не беспокоить»</translation>
        </message>
        <message>
            <source>Next break: {kind}, {time}</source>
            <translation>Следующий перерыв: {kind}, {time}</translation>
        </message>
        <message>
            <source>Your shift ends at {time}</source>
            <translation>Смена заканчивается в {time}</translation>
        </message>
        <message>
            <source>{kind}: now</source>
            <translation>{kind}: сейчас</translation>
        </message>
        <message>
            <source>Next working day: updates due: {updates}, promised dates: {promises}.</source>
            <translation>На следующий рабочий день: обновлений — {updates}, обещанных сроков — {promises}.</translation>
        </message>
    </context>
    <context>
        <name>BreathingWindow</name>
        <message>
            <source>A minute to reset</source>
            <translation>Минута передышки</translation>
        </message>
        <message>
            <source>{title} — Support Companion</source>
            <translation>{title} — Support Companion</translation>
        </message>
        <message>
            <source>&amp;Close</source>
            <translation>&amp;Закрыть</translation>
        </message>
        <message>
            <source>Stop now</source>
            <translation>Остановить</translation>
        </message>
        <message>
            <source>&amp;Done</source>
            <translation>&amp;Готово</translation>
        </message>
        <message>
            <source>Breathe in</source>
            <translation>Вдох</translation>
        </message>
        <message>
            <source>Hold</source>
            <translation>Задержка</translation>
        </message>
        <message>
            <source>Breathe out</source>
            <translation>Выдох</translation>
        </message>
        <message>
            <source>The client is angry with the situation, not with you.</source>
            <translation>Клиент злится на ситуацию, а не на вас.</translation>
        </message>
        <message>
            <source>You did your part. The rest is not yours to carry alone.</source>
            <translation>Свою часть работы вы сделали. Остальное — не только на вас.</translation>
        </message>
        <message>
            <source>The next reply can wait a minute. Calm answers are better answers.</source>
            <translation>Следующий ответ подождёт минуту. Спокойный ответ — лучший ответ.</translation>
        </message>
        <message>
            <source>Hard conversations are part of the job, not a verdict on you.</source>
            <translation>Трудные разговоры — часть работы, а не приговор вам.</translation>
        </message>
        <message>
            <source>{time} left</source>
            <translation>Осталось {time}</translation>
        </message>
        <message>
            <source>Well done</source>
            <translation>Отлично</translation>
        </message>
        <message>
            <source>Go back when you are ready.</source>
            <translation>Возвращайтесь к работе, когда будете готовы.</translation>
        </message>
    </context>
    <context>
        <name>Cadence</name>
        <message numerus="yes">
            <source>Every %n working hour(s)</source>
            <translation>
                <numerusform>Каждый %n раб. ч</numerusform>
                <numerusform>Каждые %n раб. ч</numerusform>
                <numerusform>Каждые %n раб. ч</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Every %n business day(s)</source>
            <translation>
                <numerusform>Каждый %n раб. дн.</numerusform>
                <numerusform>Каждые %n раб. дн.</numerusform>
                <numerusform>Каждые %n раб. дн.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Every %n week(s)</source>
            <translation>
                <numerusform>Раз в %n нед.</numerusform>
                <numerusform>Раз в %n нед.</numerusform>
                <numerusform>Раз в %n нед.</numerusform>
            </translation>
        </message>
        <message>
            <source>No regular updates</source>
            <translation>Без регулярных обновлений</translation>
        </message>
        <message>
            <source>Every 4 working hours</source>
            <translation>Каждые 4 рабочих часа</translation>
        </message>
        <message>
            <source>Daily</source>
            <translation>Ежедневно</translation>
        </message>
        <message>
            <source>Every 2 days</source>
            <translation>Раз в 2 дня</translation>
        </message>
        <message>
            <source>Weekly</source>
            <translation>Еженедельно</translation>
        </message>
    </context>
    <context>
        <name>Channel</name>
        <message>
            <source>Chat</source>
            <translation>Чат</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Эл. почта</translation>
        </message>
        <message>
            <source>Phone</source>
            <translation>Телефон</translation>
        </message>
        <message>
            <source>Portal</source>
            <translation>Портал</translation>
        </message>
    </context>
    <context>
        <name>CycleEdit</name>
        <message numerus="yes">
            <source> day(s) on</source>
            <translation>
                <numerusform> день работы</numerusform>
                <numerusform> дня работы</numerusform>
                <numerusform> дней работы</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source> day(s) off</source>
            <translation>
                <numerusform> день отдыха</numerusform>
                <numerusform> дня отдыха</numerusform>
                <numerusform> дней отдыха</numerusform>
            </translation>
        </message>
        <message>
            <source>Rhythm</source>
            <translation>Чередование</translation>
        </message>
        <message>
            <source>First working day</source>
            <translation>Первый рабочий день</translation>
        </message>
        <message>
            <source>Hours</source>
            <translation>Часы</translation>
        </message>
    </context>
    <context>
        <name>DateTimePicker</name>
        <message>
            <source>Time</source>
            <translation>Время</translation>
        </message>
        <message>
            <source>+1 h</source>
            <translation>+1 ч</translation>
        </message>
        <message>
            <source>+3 h</source>
            <translation>+3 ч</translation>
        </message>
        <message>
            <source>Tomorrow 10:00</source>
            <translation>Завтра 10:00</translation>
        </message>
        <message>
            <source>{day} 10:00</source>
            <translation>{day} 10:00</translation>
        </message>
        <message>
            <source>Monday 10:00</source>
            <translation>Понедельник 10:00</translation>
        </message>
        <message>
            <source>End of day</source>
            <translation>Конец дня</translation>
        </message>
        <message>
            <source>End of day ({day})</source>
            <translation>Конец дня ({day})</translation>
        </message>
    </context>
    <context>
        <name>Discard</name>
        <message>
            <source>Support Companion</source>
            <translation>Support Companion</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>Не сохранять</translation>
        </message>
        <message>
            <source>Keep editing</source>
            <translation>Вернуться</translation>
        </message>
    </context>
    <context>
        <name>Format</name>
        <message>
            <source>now</source>
            <translation>сейчас</translation>
        </message>
        <message>
            <source>due now</source>
            <translation>срок сейчас</translation>
        </message>
        <message>
            <source>{d} late</source>
            <translation>просрочено на {d}</translation>
        </message>
        <message>
            <source>{m} min</source>
            <translation>{m} мин</translation>
        </message>
        <message>
            <source>today {time}</source>
            <translation>сегодня {time}</translation>
        </message>
        <message>
            <source>tomorrow {time}</source>
            <translation>завтра {time}</translation>
        </message>
        <message>
            <source>yesterday {time}</source>
            <translation>вчера {time}</translation>
        </message>
        <message>
            <source>in {d}</source>
            <translation>через {d}</translation>
        </message>
        <message>
            <source>{d} d {h} h</source>
            <translation>{d} д {h} ч</translation>
        </message>
        <message>
            <source>{d} d</source>
            <translation>{d} д</translation>
        </message>
        <message>
            <source>{h} h {m} min</source>
            <translation>{h} ч {m} мин</translation>
        </message>
        <message>
            <source>{h} h</source>
            <translation>{h} ч</translation>
        </message>
        <message>
            <source>&lt; 1 min</source>
            <translation>&lt; 1 мин</translation>
        </message>
    </context>
    <context>
        <name>HandoffDialog</name>
        <message numerus="yes">
            <source>%n ticket(s)</source>
            <translation>
                <numerusform>%n тикет</numerusform>
                <numerusform>%n тикета</numerusform>
                <numerusform>%n тикетов</numerusform>
            </translation>
        </message>
        <message>
            <source>schedule unknown</source>
            <translation>график неизвестен</translation>
        </message>
        <message>
            <source>on shift</source>
            <translation>на смене</translation>
        </message>
        <message>
            <source>off shift</source>
            <translation>не на смене</translation>
        </message>
        <message>
            <source>This offer was already answered or withdrawn.</source>
            <translation>На это предложение уже ответили, или его отозвали.</translation>
        </message>
        <message>
            <source>full</source>
            <translation>мест нет</translation>
        </message>
        <message>
            <source>What should the colleague know? (optional)</source>
            <translation>Что важно знать коллеге? (необязательно)</translation>
        </message>
        <message>
            <source>Offer</source>
            <translation>Предложить</translation>
        </message>
        <message>
            <source>You are not in a team. Join one in Settings → Team to hand tickets to colleagues.</source>
            <translation>Вы не в команде. Чтобы передавать тикеты коллегам, подключитесь в Настройки → Команда.</translation>
        </message>
        <message>
            <source>Colleague</source>
            <translation>Коллега</translation>
        </message>
        <message>
            <source>Shift</source>
            <translation>Смена</translation>
        </message>
        <message>
            <source>Load</source>
            <translation>Загрузка</translation>
        </message>
        <message>
            <source>To whom (least loaded first)</source>
            <translation>Кому (сначала наименее загруженные)</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Примечание</translation>
        </message>
        <message>
            <source>Nobody else has joined your team yet, or the team list has not arrived from the server.</source>
            <translation>В команде пока никого, кроме вас, или список команды ещё не пришёл с сервера.</translation>
        </message>
        <message>
            <source>The team server is not answering: the offer will be sent when it answers.</source>
            <translation>Сервер команды не отвечает: предложение отправится, когда он ответит.</translation>
        </message>
        <message>
            <source>{key} offered to {name}; waiting for the answer</source>
            <translation>{key} предложен: {name}; ждём ответа</translation>
        </message>
        <message>
            <source>You already have an open ticket {key}: archive or rename it before taking this one.</source>
            <translation>У вас уже есть открытый тикет {key}: отправьте его в архив или переименуйте, прежде чем брать этот.</translation>
        </message>
        <message>
            <source>{key} with its update log is too large for the team server (4 MB at most).</source>
            <translation>{key} вместе с журналом обновлений слишком велик для сервера команды (не больше 4 МБ).</translation>
        </message>
        <message>
            <source>{key} is archived or finished: only open tickets are handed off.</source>
            <translation>{key} в архиве или закрыт: передать можно только открытый тикет.</translation>
        </message>
        <message numerus="yes">
            <source>%n/{cap} ticket(s)</source>
            <translation>
                <numerusform>%n/{cap} тикет</numerusform>
                <numerusform>%n/{cap} тикета</numerusform>
                <numerusform>%n/{cap} тикетов</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n/{cap} update(s)</source>
            <translation>
                <numerusform>%n/{cap} обновление</numerusform>
                <numerusform>%n/{cap} обновления</numerusform>
                <numerusform>%n/{cap} обновлений</numerusform>
            </translation>
        </message>
        <message>
            <source>Hand off {key}</source>
            <translation>Передать {key}</translation>
        </message>
        <message>
            <source>{key} is already offered to {name}: wait for the answer or withdraw the offer.</source>
            <translation>{key} уже предложен: {name}. Дождитесь ответа или отзовите предложение.</translation>
        </message>
        <message>
            <source>{key} offered to {name}; it will be sent when the team server answers</source>
            <translation>{key} предложен: {name}; отправится, когда ответит сервер команды</translation>
        </message>
        <message>
            <source>The note is {n} characters long; the team server keeps at most {most}.</source>
            <translation>В примечании {n} символов; сервер команды хранит не больше {most}.</translation>
        </message>
    </context>
    <context>
        <name>HitModel</name>
        <message>
            <source>team</source>
            <translation>команда</translation>
        </message>
        <message>
            <source>Team reply — maintained by your lead</source>
            <translation>Ответ команды — его ведёт руководитель</translation>
        </message>
    </context>
    <context>
        <name>Hotkeys</name>
        <message>
            <source>copy</source>
            <translation>копирование</translation>
        </message>
        <message>
            <source>paste</source>
            <translation>вставка</translation>
        </message>
        <message>
            <source>cut</source>
            <translation>вырезание</translation>
        </message>
        <message>
            <source>undo</source>
            <translation>отмена действия</translation>
        </message>
        <message>
            <source>select all</source>
            <translation>выделить всё</translation>
        </message>
        <message>
            <source>find</source>
            <translation>поиск</translation>
        </message>
        <message>
            <source>search in Slack, Discord and browsers</source>
            <translation>поиск в Slack, Discord и браузерах</translation>
        </message>
        <message>
            <source>a new browser tab</source>
            <translation>новая вкладка браузера</translation>
        </message>
        <message>
            <source>closes the browser tab</source>
            <translation>закрывает вкладку браузера</translation>
        </message>
        <message>
            <source>reloads the page</source>
            <translation>обновляет страницу</translation>
        </message>
        <message>
            <source>a new window</source>
            <translation>новое окно</translation>
        </message>
        <message>
            <source>the browser's address bar</source>
            <translation>адресная строка браузера</translation>
        </message>
        <message>
            <source>save</source>
            <translation>сохранение</translation>
        </message>
        <message>
            <source>print</source>
            <translation>печать</translation>
        </message>
        <message>
            <source>search</source>
            <translation>поиск</translation>
        </message>
        <message>
            <source>reopens a closed browser tab</source>
            <translation>открывает закрытую вкладку браузера</translation>
        </message>
        <message>
            <source>a private browser window</source>
            <translation>приватное окно браузера</translation>
        </message>
        <message>
            <source>paste as plain text</source>
            <translation>вставка без форматирования</translation>
        </message>
        <message>
            <source>a hard reload</source>
            <translation>обновление страницы без кэша</translation>
        </message>
        <message>
            <source>Task Manager</source>
            <translation>диспетчер задач</translation>
        </message>
        <message>
            <source>the system</source>
            <translation>система</translation>
        </message>
        <message>
            <source>opens a terminal (Ubuntu)</source>
            <translation>открывает терминал (Ubuntu)</translation>
        </message>
        <message>
            <source>locks the screen (Ubuntu, KDE)</source>
            <translation>блокирует экран (Ubuntu, KDE)</translation>
        </message>
        <message>
            <source>shows the desktop</source>
            <translation>показывает рабочий стол</translation>
        </message>
        <message>
            <source>switches windows</source>
            <translation>переключает окна</translation>
        </message>
        <message>
            <source>closes the window</source>
            <translation>закрывает окно</translation>
        </message>
        <message>
            <source>the window menu</source>
            <translation>меню окна</translation>
        </message>
        <message>
            <source>locks the screen</source>
            <translation>блокирует экран</translation>
        </message>
        <message>
            <source>opens the file manager</source>
            <translation>открывает файловый менеджер</translation>
        </message>
        <message>
            <source>the clipboard history (Windows)</source>
            <translation>журнал буфера обмена (Windows)</translation>
        </message>
        <message>
            <source>switches the keyboard layout</source>
            <translation>переключает раскладку</translation>
        </message>
        <message>
            <source>switches the input method</source>
            <translation>переключает способ ввода</translation>
        </message>
        <message>
            <source>help</source>
            <translation>справка</translation>
        </message>
        <message>
            <source>full screen</source>
            <translation>полноэкранный режим</translation>
        </message>
        <message>
            <source>the browser's developer tools</source>
            <translation>инструменты разработчика в браузере</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>New ticket…</source>
            <translation>Новый тикет…</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>Изменить…</translation>
        </message>
        <message>
            <source>Log a client update and restart the cadence</source>
            <translation>Записать обновление для клиента и начать отсчёт заново</translation>
        </message>
        <message>
            <source>Waiting on client</source>
            <translation>Ждём клиента</translation>
        </message>
        <message>
            <source>Back to open</source>
            <translation>Снова открыть</translation>
        </message>
        <message>
            <source>Resolve</source>
            <translation>Решён</translation>
        </message>
        <message>
            <source>Archive</source>
            <translation>В архив</translation>
        </message>
        <message>
            <source>Filter</source>
            <translation>Фильтр</translation>
        </message>
        <message>
            <source>Settings…</source>
            <translation>Настройки…</translation>
        </message>
        <message>
            <source>Find reply…</source>
            <translation>Найти ответ…</translation>
        </message>
        <message>
            <source>Search the reply templates and copy one for this ticket</source>
            <translation>Найти шаблон ответа и скопировать его для этого тикета</translation>
        </message>
        <message>
            <source>Tough conversation…</source>
            <translation>Трудный разговор…</translation>
        </message>
        <message>
            <source>A minute of guided breathing after a hard conversation</source>
            <translation>Минута дыхательного упражнения после трудного разговора</translation>
        </message>
        <message>
            <source>Wellbeing</source>
            <translation>Отдых и нагрузка</translation>
        </message>
        <message>
            <source>Breaks, overtime, updates on time, tough conversations</source>
            <translation>Перерывы, переработка, обновления в срок, трудные разговоры</translation>
        </message>
        <message>
            <source>Actions</source>
            <translation>Действия</translation>
        </message>
        <message>
            <source>Tickets</source>
            <translation>Тикеты</translation>
        </message>
        <message>
            <source>Filter: key, client, subject, notes  (Ctrl+F)</source>
            <translation>Фильтр: ключ, клиент, тема, заметки  (Ctrl+F)</translation>
        </message>
        <message>
            <source>Nothing matches “{text}”.</source>
            <translation>По запросу «{text}» ничего не найдено.</translation>
        </message>
        <message>
            <source>Clear the filter</source>
            <translation>Очистить фильтр</translation>
        </message>
        <message>
            <source>New ticket…  ({shortcut})</source>
            <translation>Новый тикет…  ({shortcut})</translation>
        </message>
        <message>
            <source>Paste a ticket link (http or https) to add a ticket for it</source>
            <translation>Чтобы добавить тикет, вставьте ссылку на него (http или https)</translation>
        </message>
        <message>
            <source>Updated…</source>
            <translation>Обновлено…</translation>
        </message>
        <message>
            <source>Snooze</source>
            <translation>Отложить</translation>
        </message>
        <message>
            <source>Silence this ticket's reminders for a while</source>
            <translation>Не напоминать об этом тикете какое-то время</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Открыть</translation>
        </message>
        <message>
            <source>Open the ticket in the browser</source>
            <translation>Открыть тикет в браузере</translation>
        </message>
        <message>
            <source>Pause the update clock until the client answers</source>
            <translation>Остановить отсчёт до ответа клиента</translation>
        </message>
        <message>
            <source>Restore</source>
            <translation>Вернуть</translation>
        </message>
        <message>
            <source>Restore from the archive</source>
            <translation>Вернуть из архива</translation>
        </message>
        <message>
            <source>Paste a ticket link</source>
            <translation>Вставить ссылку на тикет</translation>
        </message>
        <message>
            <source>Hand off to a colleague…</source>
            <translation>Передать коллеге…</translation>
        </message>
        <message>
            <source>Offer this ticket to a colleague in your team</source>
            <translation>Предложить этот тикет коллеге из команды</translation>
        </message>
        <message>
            <source>Withdraw the offer</source>
            <translation>Отозвать предложение</translation>
        </message>
        <message>
            <source>Take back the offer before the colleague answers</source>
            <translation>Забрать предложение, пока коллега не ответил</translation>
        </message>
        <message>
            <source>Select a ticket first</source>
            <translation>Сначала выберите тикет</translation>
        </message>
        <message>
            <source>This ticket has no link. Edit the ticket to add one.</source>
            <translation>У этого тикета нет ссылки. Добавьте её в карточке тикета.</translation>
        </message>
        <message>
            <source>{view} ({count})</source>
            <translation>{view} ({count})</translation>
        </message>
        <message>
            <source>Client</source>
            <translation>Клиент</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>Контакт</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Статус</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Канал</translation>
        </message>
        <message>
            <source>Priority</source>
            <translation>Приоритет</translation>
        </message>
        <message>
            <source>difficult client</source>
            <translation>трудный клиент</translation>
        </message>
        <message>
            <source>Cadence</source>
            <translation>Периодичность</translation>
        </message>
        <message>
            <source>Next update</source>
            <translation>Обновить до</translation>
        </message>
        <message>
            <source>Promised</source>
            <translation>Обещано</translation>
        </message>
        <message>
            <source>Hand-off</source>
            <translation>Передача</translation>
        </message>
        <message>
            <source>Offered to {name} · waiting for the answer</source>
            <translation>Предложен: {name} · ждём ответа</translation>
        </message>
        <message>
            <source>Snoozed until</source>
            <translation>Отложено до</translation>
        </message>
        <message>
            <source>Paused</source>
            <translation>На паузе</translation>
        </message>
        <message>
            <source>{left} left when the client answers</source>
            <translation>после ответа клиента останется {left}</translation>
        </message>
        <message>
            <source>late</source>
            <translation>не в срок</translation>
        </message>
        <message>
            <source>“{note}”</source>
            <translation>«{note}»</translation>
        </message>
        <message>
            <source>Received from {name}, {when}</source>
            <translation>Получен от: {name}, {when}</translation>
        </message>
        <message>
            <source>Offered to {name}, {when} · not sent yet</source>
            <translation>Предложен: {name}, {when} · ещё не отправлено</translation>
        </message>
        <message>
            <source>Offered to {name}, {when} · waiting for the answer</source>
            <translation>Предложен: {name}, {when} · ждём ответа</translation>
        </message>
        <message>
            <source>Handed off to {name}, {when}</source>
            <translation>Передан: {name}, {when}</translation>
        </message>
        <message>
            <source>{name} declined, {when}</source>
            <translation>Отказ: {name}, {when}</translation>
        </message>
        <message>
            <source>Offer to {name} withdrawn, {when}</source>
            <translation>Предложение отозвано ({name}), {when}</translation>
        </message>
        <message>
            <source>Select a ticket to see its details and update log.</source>
            <translation>Выберите тикет, чтобы увидеть подробности и журнал обновлений.</translation>
        </message>
        <message>
            <source>No tickets yet</source>
            <translation>Тикетов пока нет</translation>
        </message>
        <message>
            <source>or paste a ticket link here ({shortcut})</source>
            <translation>или вставьте сюда ссылку на тикет ({shortcut})</translation>
        </message>
        <message>
            <source>or from a terminal:</source>
            <translation>или из терминала:</translation>
        </message>
        <message>
            <source>Hand-offs</source>
            <translation>Передачи</translation>
        </message>
        <message>
            <source>Update log</source>
            <translation>Журнал обновлений</translation>
        </message>
        <message>
            <source>No updates logged yet.</source>
            <translation>Обновлений пока не записано.</translation>
        </message>
        <message>
            <source>Due now</source>
            <translation>Пора обновить</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>Сегодня</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>Ожидание</translation>
        </message>
        <message>
            <source>All</source>
            <translation>Все</translation>
        </message>
        <message>
            <source>Archived</source>
            <translation>Архив</translation>
        </message>
        <message>
            <source>Nothing is due now.</source>
            <translation>Сейчас ничего не нужно обновлять.</translation>
        </message>
        <message>
            <source>Nothing more is due today.</source>
            <translation>На сегодня обновлений больше нет.</translation>
        </message>
        <message>
            <source>No ticket is waiting.</source>
            <translation>Нет тикетов в ожидании.</translation>
        </message>
        <message>
            <source>No active tickets: the rest are archived.</source>
            <translation>Активных тикетов нет, остальные в архиве.</translation>
        </message>
        <message>
            <source>The archive is empty.</source>
            <translation>Архив пуст.</translation>
        </message>
    </context>
    <context>
        <name>MarkUpdatedDialog</name>
        <message>
            <source>Client updated: {key}</source>
            <translation>Обновление для клиента: {key}</translation>
        </message>
        <message>
            <source>What did you tell the client? (optional)</source>
            <translation>Что вы сообщили клиенту? (необязательно)</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Канал</translation>
        </message>
        <message>
            <source>Discard this note?</source>
            <translation>Не сохранять эту запись?</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>Заметка</translation>
        </message>
        <message>
            <source>Mark updated</source>
            <translation>Отметить обновление</translation>
        </message>
    </context>
    <context>
        <name>Notices</name>
        <message>
            <source>update due now</source>
            <translation>пора отправить обновление</translation>
        </message>
        <message>
            <source>Accept or decline it in the reminder window.</source>
            <translation>Примите или отклоните его в окне напоминаний.</translation>
        </message>
        <message>
            <source>{who} offers you ticket {key}</source>
            <translation>{who} предлагает вам тикет {key}</translation>
        </message>
        <message>
            <source>They have it as it was when offered. You changed it since, so your copy stays open: tell them what changed, then archive it.</source>
            <translation>Коллега получил тикет таким, каким он был при передаче. Вы меняли его после этого, поэтому ваша копия остаётся открытой: расскажите коллеге, что изменилось, и отправьте её в архив.</translation>
        </message>
        <message>
            <source>The ticket is in their list now; your copy is archived.</source>
            <translation>Тикет теперь в списке коллеги; ваша копия в архиве.</translation>
        </message>
        <message>
            <source>The ticket stays in your list.</source>
            <translation>Тикет остаётся в вашем списке.</translation>
        </message>
        <message>
            <source>promised for {when}, {late} ago</source>
            <translation>обещано: {when}, прошло {late}</translation>
        </message>
        <message>
            <source>update due {when}, in {left}</source>
            <translation>срок обновления — {when}, осталось {left}</translation>
        </message>
        <message>
            <source>update {late} late</source>
            <translation>обновление просрочено на {late}</translation>
        </message>
        <message>
            <source>Update the client</source>
            <translation>Пора написать клиенту</translation>
        </message>
        <message>
            <source>Promise coming up</source>
            <translation>Скоро наступит обещанный срок</translation>
        </message>
        <message>
            <source>Promise due</source>
            <translation>Обещанный срок</translation>
        </message>
        <message>
            <source> (while you were away)</source>
            <translation> (пока вас не было)</translation>
        </message>
        <message>
            <source>While you were away, commitments fell due: {n}</source>
            <translation>Пока вас не было, наступили сроки: {n}</translation>
        </message>
        <message>
            <source>Client updates due: {n} ({keys})</source>
            <translation>Пора обновить клиентов: {n} ({keys})</translation>
        </message>
        <message>
            <source>The team server refused the hand-off of {key}</source>
            <translation>Сервер команды не принял передачу {key}</translation>
        </message>
        <message>
            <source>promised for {when}, in {left}</source>
            <translation>обещано: {when}, осталось {left}</translation>
        </message>
        <message>
            <source>promised for {when}: due now</source>
            <translation>обещано: {when} — срок наступил</translation>
        </message>
        <message>
            <source>…and {n} more</source>
            <translation>…и ещё {n}</translation>
        </message>
        <message>
            <source>Note: {note}</source>
            <translation>Примечание: {note}</translation>
        </message>
        <message>
            <source>{who} accepted {key}</source>
            <translation>Тикет {key} принят: {who}</translation>
        </message>
        <message>
            <source>{who} declined {key}: {reason}</source>
            <translation>Отказ от {key}: {who} — {reason}</translation>
        </message>
        <message>
            <source>{who} declined {key}</source>
            <translation>Отказ от {key}: {who}</translation>
        </message>
    </context>
    <context>
        <name>OfferRow</name>
        <message>
            <source>&lt;b&gt;{key}&lt;/b&gt; · offered by {who}</source>
            <translation>&lt;b&gt;{key}&lt;/b&gt; · предлагает {who}</translation>
        </message>
        <message>
            <source>Note: {note}</source>
            <translation>Примечание: {note}</translation>
        </message>
        <message>
            <source>&amp;Accept</source>
            <translation>&amp;Принять</translation>
        </message>
        <message>
            <source>Take the ticket into your list</source>
            <translation>Взять тикет в свой список</translation>
        </message>
        <message>
            <source>&amp;Decline…</source>
            <translation>&amp;Отказаться…</translation>
        </message>
        <message>
            <source>Leave the ticket with the colleague, saying why if you like</source>
            <translation>Оставить тикет у коллеги (можно написать почему)</translation>
        </message>
        <message>
            <source>Reason for the colleague (optional)</source>
            <translation>Причина для коллеги (необязательно)</translation>
        </message>
        <message>
            <source>Decline</source>
            <translation>Отказаться</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Отмена</translation>
        </message>
        <message>
            <source>Accepting…</source>
            <translation>Принимаем…</translation>
        </message>
        <message>
            <source>Declining…</source>
            <translation>Отказываемся…</translation>
        </message>
    </context>
    <context>
        <name>PasteBack</name>
        <message>
            <source>This desktop does not let applications type into other windows (Wayland): replies are copied, paste them with {keys}.</source>
            <translation>Этот рабочий стол (Wayland) не позволяет приложениям печатать в чужие окна: ответ копируется, вставьте его сочетанием {keys}.</translation>
        </message>
        <message>
            <source>Support Companion needs the Accessibility permission to paste: System Settings → Privacy &amp; Security → Accessibility, then restart it.</source>
            <translation>Чтобы вставлять ответы, Support Companion нужно разрешение «Универсальный доступ»: Системные настройки → Конфиденциальность и безопасность → Универсальный доступ; затем перезапустите приложение.</translation>
        </message>
        <message>
            <source>Pasting needs a part of the system that is missing: {detail}</source>
            <translation>Для вставки не хватает компонента системы: {detail}</translation>
        </message>
        <message>
            <source>Another application already uses this key combination; choose another in Settings → Replies.</source>
            <translation>Это сочетание клавиш уже занято другим приложением; выберите другое в Настройки → Ответы.</translation>
        </message>
        <message>
            <source>This key combination cannot be a global hotkey here: {detail}</source>
            <translation>Это сочетание нельзя сделать глобальным здесь: {detail}</translation>
        </message>
        <message>
            <source>The window did not take the focus back.</source>
            <translation>Окно не приняло фокус обратно.</translation>
        </message>
        <message>
            <source>The window was closed.</source>
            <translation>Окно уже закрыто.</translation>
        </message>
        <message>
            <source>The paste keys could not be sent: {detail}</source>
            <translation>Не удалось нажать клавиши вставки: {detail}</translation>
        </message>
        <message>
            <source>the active window</source>
            <translation>активное окно</translation>
        </message>
        <message>
            <source>Enter pastes the reply there.</source>
            <translation>Enter вставит ответ туда.</translation>
        </message>
        <message>
            <source>Not pasted into “{title}”: {why} The reply is on the clipboard: press {keys}.</source>
            <translation>Не вставлено в «{title}»: {why} Ответ в буфере обмена — нажмите {keys}.</translation>
        </message>
        <message>
            <source>For {key}, named in the window “{title}”.</source>
            <translation>Для {key} — он упомянут в окне «{title}».</translation>
        </message>
        <message>
            <source>No ticket of yours in the window “{title}”: choose one below if the reply needs it.</source>
            <translation>В окне «{title}» нет ваших тикетов: выберите тикет ниже, если он нужен ответу.</translation>
        </message>
        <message>
            <source>the window</source>
            <translation>окно</translation>
        </message>
    </context>
    <context>
        <name>Priority</name>
        <message>
            <source>Low</source>
            <translation>Низкий</translation>
        </message>
        <message>
            <source>Normal</source>
            <translation>Обычный</translation>
        </message>
        <message>
            <source>High</source>
            <translation>Высокий</translation>
        </message>
        <message>
            <source>Urgent</source>
            <translation>Срочный</translation>
        </message>
    </context>
    <context>
        <name>ReminderPopup</name>
        <message>
            <source>Updates due — Support Companion</source>
            <translation>Пора обновить — Support Companion</translation>
        </message>
        <message>
            <source>All tickets…</source>
            <translation>Все тикеты…</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Закрыть</translation>
        </message>
        <message>
            <source>Due now: {n}</source>
            <translation>Пора обновить: {n}</translation>
        </message>
        <message>
            <source>Nothing is due. Well kept!</source>
            <translation>Всё в срок. Так держать!</translation>
        </message>
        <message>
            <source>Offered to you: {n}</source>
            <translation>Предложено вам: {n}</translation>
        </message>
    </context>
    <context>
        <name>ReminderRow</name>
        <message>
            <source>Updated</source>
            <translation>Обновлено</translation>
        </message>
        <message>
            <source>I have updated the client: log it and restart the clock</source>
            <translation>Клиенту отправлено обновление: записать и начать отсчёт заново</translation>
        </message>
        <message>
            <source>Snooze</source>
            <translation>Отложить</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Открыть</translation>
        </message>
        <message>
            <source>This ticket has no link: add one in the ticket to open it from here</source>
            <translation>У тикета нет ссылки: добавьте её в карточке тикета, чтобы открывать его отсюда</translation>
        </message>
        <message>
            <source>Copy update reply</source>
            <translation>Копировать ответ</translation>
        </message>
        <message>
            <source>Copy the update reply chosen in Settings, filled for this ticket</source>
            <translation>Скопировать ответ, выбранный в настройках, с данными этого тикета</translation>
        </message>
        <message>
            <source>promised {when}</source>
            <translation>обещано {when}</translation>
        </message>
        <message>
            <source>next update {when}</source>
            <translation>следующее обновление {when}</translation>
        </message>
    </context>
    <context>
        <name>ReplyActions</name>
        <message>
            <source>Support Companion</source>
            <translation>Support Companion</translation>
        </message>
        <message>
            <source>Copied: {name}</source>
            <translation>Скопировано: {name}</translation>
        </message>
        <message>
            <source>Copied: {name} · {key} marked updated</source>
            <translation>Скопировано: {name} · {key}: обновление отмечено</translation>
        </message>
        <message>
            <source>Unfilled placeholders</source>
            <translation>Незаполненные поля</translation>
        </message>
        <message>
            <source>“{name}” still has placeholders without a value. They will be pasted as they are:</source>
            <translation>В ответе «{name}» остались поля без значений. Они будут вставлены как есть:</translation>
        </message>
        <message>
            <source>Copy anyway?</source>
            <translation>Всё равно скопировать?</translation>
        </message>
        <message>
            <source>Copy anyway</source>
            <translation>Всё равно скопировать</translation>
        </message>
        <message>
            <source>No update reply is chosen (or it was deleted). Pick one in Settings → Replies.</source>
            <translation>Ответ для обновления не выбран (или удалён). Выберите его в разделе «Настройки → Ответы».</translation>
        </message>
    </context>
    <context>
        <name>ReplyEditor</name>
        <message>
            <source>Replies — Support Companion</source>
            <translation>Ответы — Support Companion</translation>
        </message>
        <message>
            <source>Filter replies</source>
            <translation>Фильтр ответов</translation>
        </message>
        <message>
            <source>New reply</source>
            <translation>Новый ответ</translation>
        </message>
        <message>
            <source>New category</source>
            <translation>Новая категория</translation>
        </message>
        <message>
            <source>Duplicate</source>
            <translation>Дублировать</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Удалить</translation>
        </message>
        <message>
            <source>Copy the id for scripts</source>
            <translation>Скопировать идентификатор для скриптов</translation>
        </message>
        <message>
            <source>For the command line: companion reply copy ID --ticket KEY</source>
            <translation>Для командной строки: companion reply copy ID --ticket KEY</translation>
        </message>
        <message>
            <source>More</source>
            <translation>Ещё</translation>
        </message>
        <message>
            <source>Rename category…</source>
            <translation>Переименовать категорию…</translation>
        </message>
        <message>
            <source>Publish the category to the team</source>
            <translation>Опубликовать категорию для команды</translation>
        </message>
        <message>
            <source>Stop sharing the category with the team</source>
            <translation>Убрать категорию из ответов команды</translation>
        </message>
        <message>
            <source>Import…</source>
            <translation>Импорт…</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>Экспорт…</translation>
        </message>
        <message>
            <source>Team reply — maintained by your lead. You can copy it as it is; to change it, copy it to your replies.</source>
            <translation>Ответ команды — его ведёт руководитель. Его можно копировать как есть; чтобы изменить, скопируйте его в свои ответы.</translation>
        </message>
        <message>
            <source>Copy to my replies</source>
            <translation>Скопировать в мои ответы</translation>
        </message>
        <message>
            <source>An editable copy in your own replies, both languages</source>
            <translation>Копия в ваших ответах на обоих языках, её можно править</translation>
        </message>
        <message>
            <source>Favourite (top of the tray menu)</source>
            <translation>В избранном (вверху меню в трее)</translation>
        </message>
        <message>
            <source>Insert placeholder</source>
            <translation>Вставить поле</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>Категория</translation>
        </message>
        <message>
            <source>Preview for</source>
            <translation>Просмотр для</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Сохранить</translation>
        </message>
        <message>
            <source>Revert</source>
            <translation>Отменить правки</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>Копировать</translation>
        </message>
        <message>
            <source>Copy this reply, filled for the preview ticket</source>
            <translation>Скопировать ответ с данными выбранного для просмотра тикета</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>Закрыть</translation>
        </message>
        <message>
            <source>Close the editor (Esc)</source>
            <translation>Закрыть редактор (Esc)</translation>
        </message>
        <message>
            <source>No ticket</source>
            <translation>Без тикета</translation>
        </message>
        <message>
            <source>team</source>
            <translation>команда</translation>
        </message>
        <message>
            <source>Team reply — maintained by your lead</source>
            <translation>Ответ команды — его ведёт руководитель</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>Несохранённые изменения</translation>
        </message>
        <message>
            <source>Save the changes to this reply first?</source>
            <translation>Сначала сохранить изменения в этом ответе?</translation>
        </message>
        <message>
            <source>A team reply is maintained by your lead: copy it to your replies to change it</source>
            <translation>Ответ команды ведёт руководитель: чтобы изменить, скопируйте его в свои ответы</translation>
        </message>
        <message>
            <source>The team's categories come from your lead; they go when the lead removes them</source>
            <translation>Категории команды приходят от руководителя и исчезают, когда он их убирает</translation>
        </message>
        <message>
            <source>Copy to my replies, where it can be changed</source>
            <translation>Скопировать в мои ответы, где его можно изменить</translation>
        </message>
        <message>
            <source>Create a category first.</source>
            <translation>Сначала создайте категорию.</translation>
        </message>
        <message>
            <source>Name (you can give both languages as “Русский / English”):</source>
            <translation>Название (можно на двух языках: «Русский / English»):</translation>
        </message>
        <message>
            <source>Rename category</source>
            <translation>Переименовать категорию</translation>
        </message>
        <message>
            <source>Name (Русский / English):</source>
            <translation>Название (Русский / English):</translation>
        </message>
        <message>
            <source>Publish the category to the team again</source>
            <translation>Опубликовать категорию для команды заново</translation>
        </message>
        <message>
            <source>Publishing “{name}” to the team…</source>
            <translation>Публикуем «{name}» для команды…</translation>
        </message>
        <message>
            <source>Taking “{name}” back from the team…</source>
            <translation>Убираем «{name}» из ответов команды…</translation>
        </message>
        <message>
            <source>Done: the team has it within seconds</source>
            <translation>Готово: у команды это появится в течение нескольких секунд</translation>
        </message>
        <message>
            <source>The team server refused: {why}</source>
            <translation>Сервер команды отказал: {why}</translation>
        </message>
        <message>
            <source>Delete reply</source>
            <translation>Удалить ответ</translation>
        </message>
        <message>
            <source>Delete “{name}”? This cannot be undone.</source>
            <translation>Удалить «{name}»? Это действие нельзя отменить.</translation>
        </message>
        <message>
            <source>Delete category</source>
            <translation>Удалить категорию</translation>
        </message>
        <message>
            <source>Delete the empty category “{name}”?</source>
            <translation>Удалить пустую категорию «{name}»?</translation>
        </message>
        <message>
            <source>{reason}. Move its replies to another category or delete them first.</source>
            <translation>{reason}. Сначала перенесите её ответы в другую категорию или удалите их.</translation>
        </message>
        <message>
            <source>Copied the id for scripts: {id}</source>
            <translation>Идентификатор для скриптов скопирован: {id}</translation>
        </message>
        <message>
            <source>Import replies</source>
            <translation>Импорт ответов</translation>
        </message>
        <message>
            <source>Reply libraries, Espanso, Beeftext (*.json *.yml *.yaml *.csv);;All files (*)</source>
            <translation>Библиотеки ответов, Espanso, Beeftext (*.json *.yml *.yaml *.csv);;Все файлы (*)</translation>
        </message>
        <message>
            <source>Importing {n} replies…</source>
            <translation>Импорт ответов: {n}…</translation>
        </message>
        <message>
            <source>{file}: {error}

Nothing was imported.</source>
            <translation>{file}: {error}

Ничего не импортировано.</translation>
        </message>
        <message>
            <source>Imported from {file}: {added} new, {updated} updated.</source>
            <translation>Импорт из {file}: новых — {added}, обновлённых — {updated}.</translation>
        </message>
        <message>
            <source>Placeholders this app cannot fill were kept as text:</source>
            <translation>Поля, которые программа не умеет заполнять, оставлены как текст:</translation>
        </message>
        <message>
            <source>Export replies</source>
            <translation>Экспорт ответов</translation>
        </message>
        <message>
            <source>the greeting with the name: "Good afternoon, Ivan!", or "Hello!" to a company</source>
            <translation>приветствие по имени: «Добрый день, Иван!», а компании — «Здравствуйте!»</translation>
        </message>
        <message>
            <source>good morning / afternoon / evening</source>
            <translation>доброе утро / добрый день / добрый вечер</translation>
        </message>
        <message>
            <source>the client's name</source>
            <translation>имя клиента</translation>
        </message>
        <message>
            <source>the contact person's name</source>
            <translation>имя контактного лица</translation>
        </message>
        <message>
            <source>the ticket key</source>
            <translation>ключ тикета</translation>
        </message>
        <message>
            <source>the ticket subject</source>
            <translation>тема тикета</translation>
        </message>
        <message>
            <source>the ticket link</source>
            <translation>ссылка на тикет</translation>
        </message>
        <message>
            <source>your name (Settings)</source>
            <translation>ваше имя (из настроек)</translation>
        </message>
        <message>
            <source>when you will update the client next, e.g. "tomorrow by 3 pm"</source>
            <translation>когда вы в следующий раз напишете клиенту, напр. «завтра до 15:00»</translation>
        </message>
        <message>
            <source>the promised date, e.g. "on Friday by 4 pm"</source>
            <translation>обещанный срок, напр. «в пятницу до 16:00»</translation>
        </message>
        <message>
            <source>today's date</source>
            <translation>сегодняшняя дата</translation>
        </message>
        <message>
            <source>a date N working days ahead, e.g. {in_business_days:2}</source>
            <translation>дата через N рабочих дней, напр. {in_business_days:2}</translation>
        </message>
    </context>
    <context>
        <name>ReplyMenu</name>
        <message>
            <source>Replies</source>
            <translation>Ответы</translation>
        </message>
        <message>
            <source>For {ticket}</source>
            <translation>Для {ticket}</translation>
        </message>
        <message>
            <source>No ticket selected or due</source>
            <translation>Нет выбранного тикета или тикета со сроком</translation>
        </message>
        <message>
            <source>No replies yet</source>
            <translation>Ответов пока нет</translation>
        </message>
        <message>
            <source>Reply language</source>
            <translation>Язык ответов</translation>
        </message>
        <message>
            <source>Find reply…</source>
            <translation>Найти ответ…</translation>
        </message>
        <message>
            <source>Edit replies…</source>
            <translation>Редактировать ответы…</translation>
        </message>
        <message>
            <source>Team reply — maintained by your lead</source>
            <translation>Ответ команды — его ведёт руководитель</translation>
        </message>
        <message>
            <source>team</source>
            <translation>команда</translation>
        </message>
    </context>
    <context>
        <name>ReplyPalette</name>
        <message>
            <source>Find reply — Support Companion</source>
            <translation>Поиск ответа — Support Companion</translation>
        </message>
        <message>
            <source>Type to search replies…</source>
            <translation>Начните вводить, чтобы найти ответ…</translation>
        </message>
        <message>
            <source>Copy replies in this language</source>
            <translation>Копировать ответы на этом языке</translation>
        </message>
        <message>
            <source>&amp;Ticket:</source>
            <translation>&amp;Тикет:</translation>
        </message>
        <message>
            <source>↑↓ choose · Enter copy · Ctrl+Enter copy and mark updated · Esc close</source>
            <translation>↑↓ выбор · Enter копировать · Ctrl+Enter копировать и отметить обновление · Esc закрыть</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>Копировать</translation>
        </message>
        <message>
            <source>Copy &amp;&amp; mark updated</source>
            <translation>Копировать и отметить</translation>
        </message>
        <message>
            <source>↑↓ choose · Enter paste · Ctrl+Enter paste and mark updated · Alt+Enter copy only · Esc close</source>
            <translation>↑↓ выбор · Enter вставить · Ctrl+Enter вставить и отметить обновление · Alt+Enter только копировать · Esc закрыть</translation>
        </message>
        <message>
            <source>Paste</source>
            <translation>Вставить</translation>
        </message>
        <message>
            <source>Paste &amp;&amp; mark updated</source>
            <translation>Вставить и отметить обновление</translation>
        </message>
        <message>
            <source>No ticket</source>
            <translation>Без тикета</translation>
        </message>
        <message>
            <source>No reply matches “{text}”.</source>
            <translation>По запросу «{text}» ответов нет.</translation>
        </message>
        <message>
            <source>No replies yet. Add them in the reply editor.</source>
            <translation>Ответов пока нет. Добавьте их в редакторе ответов.</translation>
        </message>
        <message>
            <source>This reply has no {lang} text; showing the {used} one.</source>
            <translation>У этого ответа нет варианта {lang}; показан вариант {used}.</translation>
        </message>
        <message>
            <source>Choose the ticket to mark updated.</source>
            <translation>Выберите тикет, в котором нужно отметить обновление.</translation>
        </message>
    </context>
    <context>
        <name>RestoreDialog</name>
        <message>
            <source>Support Companion has not changed it.</source>
            <translation>Support Companion его не изменял.</translation>
        </message>
        <message>
            <source>The data file cannot be used.</source>
            <translation>Файл данных нельзя использовать.</translation>
        </message>
        <message>
            <source>Open it with the newer version, or update this one.</source>
            <translation>Откройте его более новой версией или обновите эту.</translation>
        </message>
        <message>
            <source>Support Companion</source>
            <translation>Support Companion</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Выйти</translation>
        </message>
        <message>
            <source>Support Companion cannot start and will quit.</source>
            <translation>Support Companion не может запуститься и будет закрыт.</translation>
        </message>
        <message>
            <source>Give your user read and write access to the file and its folder, then start again.</source>
            <translation>Дайте своей учётной записи права на чтение и запись файла и его папки, затем запустите снова.</translation>
        </message>
        <message>
            <source>Restore the newest good backup</source>
            <translation>Восстановить последнюю исправную копию</translation>
        </message>
        <message>
            <source>The data file is empty, although a backup holds your data.</source>
            <translation>Файл данных пуст, хотя в резервной копии ваши данные есть.</translation>
        </message>
        <message>
            <source>The data file is not a Support Companion database, or its beginning is damaged.</source>
            <translation>Файл данных — не база Support Companion, или повреждено его начало.</translation>
        </message>
        <message>
            <source>The data file is damaged.</source>
            <translation>Файл данных повреждён.</translation>
        </message>
        <message>
            <source>The data file was saved by a newer version of Support Companion.</source>
            <translation>Файл данных сохранён более новой версией Support Companion.</translation>
        </message>
        <message>
            <source>The data file cannot be read.</source>
            <translation>Файл данных не читается.</translation>
        </message>
        <message>
            <source>The data file cannot be written.</source>
            <translation>В файл данных нельзя записать.</translation>
        </message>
        <message>
            <source>The newest good backup is from {when} (tickets: {tickets}). Restoring it moves the current file aside (it is kept, not deleted).</source>
            <translation>Последняя исправная копия сделана {when} (тикетов: {tickets}). При восстановлении текущий файл будет отложен в сторону (он сохранится, а не удалится).</translation>
        </message>
        <message>
            <source>There is no good backup to restore. Quit, then move the file aside to start afresh.</source>
            <translation>Исправной копии для восстановления нет. Выйдите и переместите файл, чтобы начать с чистого листа.</translation>
        </message>
    </context>
    <context>
        <name>Runtime</name>
        <message>
            <source>Team: connected</source>
            <translation>Команда: на связи</translation>
        </message>
        <message>
            <source>Team server away — your list works as usual</source>
            <translation>Сервер команды недоступен — ваш список работает как обычно</translation>
        </message>
        <message>
            <source>Team: connecting…</source>
            <translation>Команда: подключаемся…</translation>
        </message>
        <message numerus="yes">
            <source>Team: %n offer(s) waiting for your answer</source>
            <translation>
                <numerusform>Команда: %n предложение ждёт вашего ответа</numerusform>
                <numerusform>Команда: %n предложения ждут вашего ответа</numerusform>
                <numerusform>Команда: %n предложений ждут вашего ответа</numerusform>
            </translation>
        </message>
        <message>
            <source>Do not disturb: breaks are held</source>
            <translation>«Не беспокоить»: перерывы ждут</translation>
        </message>
        <message>
            <source>Reminders and breaks paused until {when}</source>
            <translation>Напоминания и перерывы приостановлены до {when}</translation>
        </message>
        <message numerus="yes">
            <source>%n action(s) will be sent later</source>
            <translation>
                <numerusform>%n действие отправится позже</numerusform>
                <numerusform>%n действия отправятся позже</numerusform>
                <numerusform>%n действий отправятся позже</numerusform>
            </translation>
        </message>
        <message>
            <source>Today: {u} of {cu} updates, {t} of {ct} active tickets</source>
            <translation>Сегодня: обновлений {u} из {cu}, активных тикетов {t} из {ct}</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings — Support Companion</source>
            <translation>Настройки — Support Companion</translation>
        </message>
        <message>
            <source>General</source>
            <translation>Общие</translation>
        </message>
        <message>
            <source>Replies</source>
            <translation>Ответы</translation>
        </message>
        <message>
            <source>Breaks</source>
            <translation>Перерывы</translation>
        </message>
        <message>
            <source>Workload</source>
            <translation>Нагрузка</translation>
        </message>
        <message>
            <source>Team</source>
            <translation>Команда</translation>
        </message>
        <message>
            <source>Start at login</source>
            <translation>Запуск при входе в систему</translation>
        </message>
        <message>
            <source>Starting at login could not be switched on or off, so nothing was saved.

{error}</source>
            <translation>Не удалось включить или выключить запуск при входе в систему, поэтому ничего не сохранено.

{error}</translation>
        </message>
        <message>
            <source>Start Support Companion when I log in</source>
            <translation>Запускать Support Companion при входе в систему</translation>
        </message>
        <message>
            <source>Reply palette hotkey</source>
            <translation>Горячая клавиша поиска ответа</translation>
        </message>
        <message>
            <source>Your name as clients see it</source>
            <translation>Ваше имя, как его видят клиенты</translation>
        </message>
        <message>
            <source>Your name</source>
            <translation>Ваше имя</translation>
        </message>
        <message>
            <source>You</source>
            <translation>Вы</translation>
        </message>
        <message>
            <source>Time zone</source>
            <translation>Часовой пояс</translation>
        </message>
        <message>
            <source>Days off</source>
            <translation>Выходные дни</translation>
        </message>
        <message>
            <source>Nothing falls due outside these hours: updates due at night are due at the start of the next shift.</source>
            <translation>Вне этих часов сроки не наступают: обновление, срок которого выпал на ночь, переносится на начало следующей смены.</translation>
        </message>
        <message>
            <source>Working hours</source>
            <translation>Рабочие часы</translation>
        </message>
        <message>
            <source> working h</source>
            <translation> раб. ч</translation>
        </message>
        <message>
            <source> min</source>
            <translation> мин</translation>
        </message>
        <message>
            <source>Cadence for new tickets</source>
            <translation>Периодичность для новых тикетов</translation>
        </message>
        <message>
            <source>Warn before a promised date</source>
            <translation>Предупреждать о сроке за</translation>
        </message>
        <message>
            <source>The reminder comes this long before a client update is due, so it can be made on time. The due time itself does not move.</source>
            <translation>Напоминание приходит настолько раньше срока обновления, чтобы успеть вовремя. Сам срок не сдвигается.</translation>
        </message>
        <message>
            <source>Remind before an update is due</source>
            <translation>Напоминать до срока обновления за</translation>
        </message>
        <message>
            <source>Default snooze</source>
            <translation>Откладывать по умолчанию на</translation>
        </message>
        <message>
            <source>Reminders</source>
            <translation>Напоминания</translation>
        </message>
        <message>
            <source>Dates as 2026-12-31, separated by commas</source>
            <translation>Даты в виде 2026-12-31, через запятую</translation>
        </message>
        <message>
            <source>Automatic (system)</source>
            <translation>Автоматически (как в системе)</translation>
        </message>
        <message>
            <source>Same as the interface</source>
            <translation>Как в интерфейсе</translation>
        </message>
        <message>
            <source>The interface language applies when Support Companion next starts.</source>
            <translation>Язык интерфейса сменится при следующем запуске Support Companion.</translation>
        </message>
        <message>
            <source>{var} is set in the environment and wins over this setting.</source>
            <translation>Задана переменная окружения {var}: она важнее этой настройки.</translation>
        </message>
        <message>
            <source>Interface language</source>
            <translation>Язык интерфейса</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Язык</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Нет</translation>
        </message>
        <message>
            <source>{id} (missing)</source>
            <translation>{id} (не найден)</translation>
        </message>
        <message numerus="yes">
            <source> time(s) per hour</source>
            <translation>
                <numerusform> раз в час</numerusform>
                <numerusform> раза в час</numerusform>
                <numerusform> раз в час</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>every %n min, {duration}</source>
            <translation>
                <numerusform>каждую %n мин, {duration}</numerusform>
                <numerusform>каждые %n мин, {duration}</numerusform>
                <numerusform>каждые %n мин, {duration}</numerusform>
            </translation>
        </message>
        <message>
            <source>The server's answer: {error}</source>
            <translation>Ответ сервера: {error}</translation>
        </message>
        <message numerus="yes">
            <source> ticket(s)</source>
            <translation>
                <numerusform> тикет</numerusform>
                <numerusform> тикета</numerusform>
                <numerusform> тикетов</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source> update(s)</source>
            <translation>
                <numerusform> обновление</numerusform>
                <numerusform> обновления</numerusform>
                <numerusform> обновлений</numerusform>
            </translation>
        </message>
        <message>
            <source>Language of replies</source>
            <translation>Язык ответов</translation>
        </message>
        <message>
            <source>Reply for “Copy update reply”</source>
            <translation>Ответ для «Копировать ответ»</translation>
        </message>
        <message>
            <source>The reminder popup copies this reply when you choose “Copy update reply”; it is filled from the ticket.</source>
            <translation>Окно напоминаний копирует этот ответ по кнопке «Копировать ответ», подставляя данные тикета.</translation>
        </message>
        <message>
            <source>Rest breaks</source>
            <translation>Перерывы на отдых</translation>
        </message>
        <message>
            <source>Short eye breaks and longer breaks for fresh air or tea, during working hours</source>
            <translation>Короткие паузы для глаз и перерывы подольше — на свежий воздух или чай — в рабочие часы</translation>
        </message>
        <message>
            <source>Do not disturb (hold breaks)</source>
            <translation>Не беспокоить (перерывы позже)</translation>
        </message>
        <message>
            <source>Breaks that fall due meanwhile are owed and offered once you turn this off</source>
            <translation>Перерывы, подошедшие за это время, не пропадут: их предложат, когда вы выключите режим</translation>
        </message>
        <message>
            <source>Strict: no Skip button</source>
            <translation>Строго: без кнопки «Пропустить»</translation>
        </message>
        <message>
            <source>0 times (no Postpone)</source>
            <translation>0 (не откладывать)</translation>
        </message>
        <message>
            <source> s of a break</source>
            <translation> с перерыва</translation>
        </message>
        <message>
            <source>Postpone by</source>
            <translation>Откладывать на</translation>
        </message>
        <message>
            <source>Break rules</source>
            <translation>Правила перерывов</translation>
        </message>
        <message>
            <source>Add kind</source>
            <translation>Добавить вид</translation>
        </message>
        <message>
            <source>A break of your own, such as a glass of water every hour</source>
            <translation>Свой перерыв, например стакан воды каждый час</translation>
        </message>
        <message>
            <source>Delete kind</source>
            <translation>Удалить вид</translation>
        </message>
        <message numerus="yes">
            <source>every </source>
            <translation>
                <numerusform>каждую </numerusform>
                <numerusform>каждые </numerusform>
                <numerusform>каждые </numerusform>
            </translation>
        </message>
        <message>
            <source> s</source>
            <translation> с</translation>
        </message>
        <message>
            <source>At most</source>
            <translation>Не более</translation>
        </message>
        <message>
            <source>Only in the first</source>
            <translation>Только в первые</translation>
        </message>
        <message>
            <source>Show the welcome again…</source>
            <translation>Снова показать приветствие…</translation>
        </message>
        <message>
            <source>The first-start questions and the short tour; Settings closes</source>
            <translation>Вопросы первого запуска и краткое знакомство; окно настроек закроется</translation>
        </message>
        <message>
            <source>Every week</source>
            <translation>Каждую неделю</translation>
        </message>
        <message>
            <source>In a cycle (2/2, 3/3…)</source>
            <translation>По сменам (2/2, 3/3…)</translation>
        </message>
        <message>
            <source>Repeats</source>
            <translation>Повторяется</translation>
        </message>
        <message>
            <source>Replies sign with it.</source>
            <translation>Этим именем подписываются ответы.</translation>
        </message>
        <message>
            <source>Show the welcome again</source>
            <translation>Снова показать приветствие</translation>
        </message>
        <message>
            <source>Close Settings without saving your changes?</source>
            <translation>Закрыть настройки, не сохраняя изменений?</translation>
        </message>
        <message>
            <source> s before</source>
            <translation> с до начала</translation>
        </message>
        <message>
            <source>no warning</source>
            <translation>без предупреждения</translation>
        </message>
        <message>
            <source>Long break (offers “Done early”)</source>
            <translation>Длинный перерыв (с кнопкой «Закончить раньше»)</translation>
        </message>
        <message>
            <source>On</source>
            <translation>Включён</translation>
        </message>
        <message>
            <source>Switched off, this kind of break is never offered</source>
            <translation>Выключенный вид перерыва никогда не предлагается</translation>
        </message>
        <message>
            <source>lasts</source>
            <translation>длится</translation>
        </message>
        <message>
            <source>Name (Russian)</source>
            <translation>Название (рус.)</translation>
        </message>
        <message>
            <source>Name (English)</source>
            <translation>Название (англ.)</translation>
        </message>
        <message>
            <source>Break</source>
            <translation>Перерыв</translation>
        </message>
        <message>
            <source>Warn</source>
            <translation>Предупреждать</translation>
        </message>
        <message>
            <source>What to do in the break: one suggestion a line, one is picked each time</source>
            <translation>Чем заняться в перерыве: по одной идее на строку, каждый раз выбирается одна</translation>
        </message>
        <message>
            <source>Kinds of break</source>
            <translation>Виды перерывов</translation>
        </message>
        <message>
            <source>{s} s</source>
            <translation>{s} с</translation>
        </message>
        <message>
            <source>{m} min</source>
            <translation>{m} мин</translation>
        </message>
        <message>
            <source>{m} min {s} s</source>
            <translation>{m} мин {s} с</translation>
        </message>
        <message>
            <source>New kind</source>
            <translation>Новый вид</translation>
        </message>
        <message>
            <source> · off</source>
            <translation> · выкл.</translation>
        </message>
        <message>
            <source>Shipped with the app: it can be switched off, not deleted</source>
            <translation>Входит в поставку: его можно выключить, но не удалить</translation>
        </message>
        <message>
            <source>The shipped kinds can be switched off, not deleted</source>
            <translation>Встроенные виды можно выключить, но не удалить</translation>
        </message>
        <message>
            <source>Russian ({n})</source>
            <translation>Русский ({n})</translation>
        </message>
        <message>
            <source>English ({n})</source>
            <translation>Английский ({n})</translation>
        </message>
        <message>
            <source>Active tickets I can carry</source>
            <translation>Тикетов в работе, не более</translation>
        </message>
        <message>
            <source>Client updates I can make in a day</source>
            <translation>Обновлений клиентам за день, не более</translation>
        </message>
        <message>
            <source>Adding a ticket or promising a date warns you when the day would be over this load, before you promise something impossible.</source>
            <translation>Если новый тикет или обещанный срок перегрузит день, программа предупредит об этом до того, как вы пообещаете невозможное.</translation>
        </message>
        <message>
            <source>Capacity</source>
            <translation>Предел нагрузки</translation>
        </message>
        <message>
            <source> min before the end</source>
            <translation> мин до конца</translation>
        </message>
        <message>
            <source>at the end of the shift</source>
            <translation>в конце смены</translation>
        </message>
        <message>
            <source>End-of-shift nudge</source>
            <translation>Напоминание о конце смены</translation>
        </message>
        <message>
            <source>End of the shift</source>
            <translation>Конец смены</translation>
        </message>
        <message>
            <source>Offer a breathing reset after updating a difficult client</source>
            <translation>Предлагать дыхательную паузу после ответа трудному клиенту</translation>
        </message>
        <message>
            <source>Reset length</source>
            <translation>Длительность паузы</translation>
        </message>
        <message>
            <source>Tough conversations</source>
            <translation>Трудные разговоры</translation>
        </message>
        <message>
            <source>{day}: give the working hours, e.g. 09:00-18:00</source>
            <translation>{day}: укажите рабочие часы, например 09:00-18:00</translation>
        </message>
        <message>
            <source>tick at least one working day</source>
            <translation>отметьте хотя бы один рабочий день</translation>
        </message>
        <message>
            <source>Do not disturb</source>
            <translation>Не беспокоить</translation>
        </message>
        <message>
            <source>Strict breaks</source>
            <translation>Строгие перерывы</translation>
        </message>
        <message>
            <source>Postpone at most</source>
            <translation>Откладывать не более</translation>
        </message>
        <message>
            <source>Postpone only in the first</source>
            <translation>Откладывать только в первые</translation>
        </message>
        <message>
            <source>Breathing reset</source>
            <translation>Дыхательная пауза</translation>
        </message>
        <message>
            <source>Break “{name}”: {problem}</source>
            <translation>Перерыв «{name}»: {problem}</translation>
        </message>
        <message>
            <source>Press the keys; clear the field to turn the hotkey off</source>
            <translation>Нажмите сочетание клавиш; очистите поле, чтобы отключить</translation>
        </message>
        <message>
            <source>Enter pastes the reply into that window (Alt+Enter only copies)</source>
            <translation>Enter вставляет ответ в это окно (Alt+Enter только копирует)</translation>
        </message>
        <message>
            <source>Then put back what the clipboard held</source>
            <translation>После вставки вернуть прежнее содержимое буфера обмена</translation>
        </message>
        <message>
            <source>A reply picked in the tray menu is pasted into the active window too</source>
            <translation>Ответ, выбранный в меню трея, тоже вставляется в активное окно</translation>
        </message>
        <message>
            <source>Replying into any window</source>
            <translation>Ответ в любое окно</translation>
        </message>
        <message>
            <source>It opens the palette over any window — a browser tab, a helpdesk, a chat — with the ticket the window's title names.</source>
            <translation>Открывает поиск ответа поверх любого окна — вкладки браузера, хелпдеска, чата — с тикетом, который назван в заголовке окна.</translation>
        </message>
        <message>
            <source>No hotkey: replies are found with Ctrl+K in the main window or from the tray menu.</source>
            <translation>Горячая клавиша отключена: ответы можно найти по Ctrl+K в главном окне или в меню трея.</translation>
        </message>
        <message>
            <source>{keys} is already used elsewhere ({what}); another combination is safer.</source>
            <translation>{keys} уже используется ({what}); надёжнее выбрать другое сочетание.</translation>
        </message>
        <message>
            <source>Press one key combination, e.g. Ctrl+Alt+R.</source>
            <translation>Нажмите одно сочетание клавиш, например Ctrl+Alt+R.</translation>
        </message>
        <message>
            <source>Hold Ctrl, Alt or Meta with the key: alone it would be typed into every text field.</source>
            <translation>Добавьте Ctrl, Alt или Meta: без них клавиша печаталась бы в любое поле ввода.</translation>
        </message>
        <message>
            <source>Use a letter, a digit, F1–F24, Space or Insert as the key.</source>
            <translation>В качестве клавиши подойдут буква, цифра, F1–F24, Space или Insert.</translation>
        </message>
        <message>
            <source>not encrypted (this computer)</source>
            <translation>не зашифровано (сервер на этом компьютере)</translation>
        </message>
        <message>
            <source>Join</source>
            <translation>Подключиться</translation>
        </message>
        <message>
            <source>Team server address</source>
            <translation>Адрес сервера команды</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>Пароль</translation>
        </message>
        <message>
            <source>Your name for colleagues</source>
            <translation>Ваше имя для коллег</translation>
        </message>
        <message>
            <source>Join a team</source>
            <translation>Подключиться к команде</translation>
        </message>
        <message>
            <source>Leave the team…</source>
            <translation>Выйти из команды…</translation>
        </message>
        <message>
            <source>Server</source>
            <translation>Сервер</translation>
        </message>
        <message>
            <source>Connection</source>
            <translation>Связь</translation>
        </message>
        <message>
            <source>Encryption</source>
            <translation>Шифрование</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>Роль</translation>
        </message>
        <message>
            <source>Waiting to be sent</source>
            <translation>Ждут отправки</translation>
        </message>
        <message>
            <source>Team server</source>
            <translation>Сервер команды</translation>
        </message>
        <message>
            <source>Nobody else has joined yet, or the list has not arrived from the server.</source>
            <translation>Пока никто больше не подключился, или список ещё не пришёл с сервера.</translation>
        </message>
        <message>
            <source>Colleagues, least loaded first</source>
            <translation>Коллеги, сначала наименее загруженные</translation>
        </message>
        <message>
            <source>Leave the team</source>
            <translation>Выйти из команды</translation>
        </message>
        <message>
            <source>not encrypted: ask your lead for an address with sslmode=require</source>
            <translation>не зашифровано: попросите у руководителя адрес с sslmode=require</translation>
        </message>
        <message>
            <source>connecting…</source>
            <translation>подключаемся…</translation>
        </message>
        <message>
            <source>away — your list works as usual; waiting actions go when it answers</source>
            <translation>недоступен — ваш список работает как обычно; ожидающие действия уйдут, когда сервер ответит</translation>
        </message>
        <message>
            <source>connected, changes arrive at once</source>
            <translation>на связи, изменения приходят сразу</translation>
        </message>
        <message>
            <source>connected</source>
            <translation>на связи</translation>
        </message>
        <message>
            <source>Team mode needs the running app: open Settings from its window or tray.</source>
            <translation>Командный режим работает в запущенном приложении: откройте настройки из его окна или значка в трее.</translation>
        </message>
        <message>
            <source>Your lead gives you the address and the password. The password is kept in the system keyring, never in the settings. Only offers of tickets, today's numbers and the team's replies pass through the server; your list stays on this computer.</source>
            <translation>Адрес и пароль даёт руководитель. Пароль хранится в системном хранилище паролей, а не в настройках. Через сервер идут только предложения тикетов, цифры за сегодня и ответы команды; ваш список остаётся на этом компьютере.</translation>
        </message>
        <message>
            <source>Colleague</source>
            <translation>Коллега</translation>
        </message>
        <message>
            <source>Shift</source>
            <translation>Смена</translation>
        </message>
        <message>
            <source>Load</source>
            <translation>Загрузка</translation>
        </message>
        <message>
            <source>Enter the team server's address.</source>
            <translation>Введите адрес сервера команды.</translation>
        </message>
        <message>
            <source>Enter the name colleagues will see.</source>
            <translation>Введите имя, которое увидят коллеги.</translation>
        </message>
        <message>
            <source>Joining…</source>
            <translation>Подключаемся…</translation>
        </message>
        <message numerus="yes">
            <source>%n action(s) not yet sent to the team server</source>
            <translation>
                <numerusform>%n действие ещё не отправлено на сервер команды</numerusform>
                <numerusform>%n действия ещё не отправлены на сервер команды</numerusform>
                <numerusform>%n действий ещё не отправлены на сервер команды</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n offer(s) of yours waiting for an answer</source>
            <translation>
                <numerusform>%n ваше предложение ждёт ответа</numerusform>
                <numerusform>%n ваших предложения ждут ответа</numerusform>
                <numerusform>%n ваших предложений ждут ответа</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n accepted ticket(s) not yet in your list</source>
            <translation>
                <numerusform>%n принятый тикет ещё не в вашем списке</numerusform>
                <numerusform>%n принятых тикета ещё не в вашем списке</numerusform>
                <numerusform>%n принятых тикетов ещё не в вашем списке</numerusform>
            </translation>
        </message>
        <message>
            <source>team lead</source>
            <translation>руководитель</translation>
        </message>
        <message>
            <source>agent</source>
            <translation>агент</translation>
        </message>
        <message numerus="yes">
            <source>%n action(s)</source>
            <translation>
                <numerusform>%n действие</numerusform>
                <numerusform>%n действия</numerusform>
                <numerusform>%n действий</numerusform>
            </translation>
        </message>
        <message>
            <source>nothing</source>
            <translation>ничего</translation>
        </message>
        <message>
            <source>Leave the team at {place}?

The team's replies leave your library and the password leaves the keyring. Your tickets stay on this computer.</source>
            <translation>Выйти из команды на {place}?

Ответы команды уйдут из вашей библиотеки, пароль — из хранилища паролей. Ваши тикеты останутся на этом компьютере.</translation>
        </message>
        <message>
            <source>You are still in the team: {what}. Offers of yours are withdrawn before you leave, and that needs the team server. Try again when it answers.</source>
            <translation>Вы всё ещё в команде: {what}. Перед выходом ваши предложения отзываются, а для этого нужен сервер команды. Попробуйте снова, когда он ответит.</translation>
        </message>
        <message>
            <source>encrypted ({version})</source>
            <translation>зашифровано ({version})</translation>
        </message>
        <message>
            <source>No regular updates</source>
            <translation>Без регулярных обновлений</translation>
        </message>
        <message>
            <source>Every 4 working hours</source>
            <translation>Каждые 4 рабочих часа</translation>
        </message>
        <message>
            <source>Daily</source>
            <translation>Ежедневно</translation>
        </message>
        <message>
            <source>Every 2 days</source>
            <translation>Раз в 2 дня</translation>
        </message>
        <message>
            <source>Weekly</source>
            <translation>Еженедельно</translation>
        </message>
    </context>
    <context>
        <name>Shell</name>
        <message>
            <source>No system tray here ({why}). Support Companion stays in this window; closing it quits.</source>
            <translation>Системный трей недоступен ({why}). Support Companion работает в этом окне; если его закрыть, программа завершится.</translation>
        </message>
        <message>
            <source>Copied: {name}</source>
            <translation>Скопировано: {name}</translation>
        </message>
    </context>
    <context>
        <name>Status</name>
        <message>
            <source>Open</source>
            <translation>Открыт</translation>
        </message>
        <message>
            <source>Waiting on client</source>
            <translation>Ждём клиента</translation>
        </message>
        <message>
            <source>Waiting on developers</source>
            <translation>Ждём разработчиков</translation>
        </message>
        <message>
            <source>Resolved</source>
            <translation>Решён</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>Закрыт</translation>
        </message>
    </context>
    <context>
        <name>TicketActions</name>
        <message>
            <source>Support Companion</source>
            <translation>Support Companion</translation>
        </message>
        <message>
            <source> (late)</source>
            <translation> (с опозданием)</translation>
        </message>
        <message>
            <source>{key}: client update logged{late}</source>
            <translation>{key}: обновление для клиента записано{late}</translation>
        </message>
        <message>
            <source>Undo</source>
            <translation>Отменить</translation>
        </message>
        <message>
            <source>The update of {key} was already undone.</source>
            <translation>Обновление тикета {key} уже отменено.</translation>
        </message>
        <message>
            <source>{key} no longer exists.</source>
            <translation>Тикета {key} больше нет.</translation>
        </message>
        <message>
            <source>{key} was changed after it was marked updated, so the update was left in place. Edit the ticket to change its times.</source>
            <translation>Тикет {key} изменили после отметки об обновлении, поэтому обновление осталось в силе. Чтобы поменять сроки, откройте карточку тикета.</translation>
        </message>
        <message>
            <source>{key}: update undone</source>
            <translation>{key}: обновление отменено</translation>
        </message>
        <message>
            <source>{n} min</source>
            <translation>{n} мин</translation>
        </message>
        <message>
            <source>1 hour</source>
            <translation>1 час</translation>
        </message>
        <message>
            <source>Next shift ({when})</source>
            <translation>Следующая смена ({when})</translation>
        </message>
        <message>
            <source>Snooze</source>
            <translation>Отложить</translation>
        </message>
        <message>
            <source>Until…</source>
            <translation>До…</translation>
        </message>
        <message>
            <source>{key}: reminders silenced until {when}</source>
            <translation>{key}: напоминания отключены до {when}</translation>
        </message>
        <message>
            <source>Snooze {key} until</source>
            <translation>Отложить {key} до</translation>
        </message>
        <message>
            <source>Reminders stay silent until then; the due time does not move.</source>
            <translation>До этого времени напоминаний не будет; срок при этом не сдвигается.</translation>
        </message>
        <message>
            <source>e.g. 16:00, in 3 hours, mon 10am</source>
            <translation>например: 16:00, через 3 часа, пн 10:00</translation>
        </message>
        <message>
            <source>{key} has no link. Edit the ticket to add one.</source>
            <translation>У тикета {key} нет ссылки. Добавьте её в карточке тикета.</translation>
        </message>
        <message>
            <source>{key}: {status}</source>
            <translation>{key}: {status}</translation>
        </message>
        <message>
            <source>{key} archived</source>
            <translation>{key} перемещён в архив</translation>
        </message>
        <message>
            <source>{key} restored</source>
            <translation>{key} возвращён из архива</translation>
        </message>
        <message>
            <source>This ticket is not offered to anyone.</source>
            <translation>Этот тикет никому не предложен.</translation>
        </message>
        <message>
            <source>{key}: withdrawing the offer to {name}</source>
            <translation>{key}: отзываем предложение ({name})</translation>
        </message>
    </context>
    <context>
        <name>TicketDialog</name>
        <message>
            <source>Edit ticket {key}</source>
            <translation>Тикет {key}</translation>
        </message>
        <message>
            <source>New ticket</source>
            <translation>Новый тикет</translation>
        </message>
        <message>
            <source>Paste the helpdesk link: the key is filled in</source>
            <translation>Вставьте ссылку из хелпдеска — ключ заполнится сам</translation>
        </message>
        <message>
            <source>A company or a person</source>
            <translation>Компания или человек</translation>
        </message>
        <message>
            <source>Ivan Petrov</source>
            <translation>Иван Петров</translation>
        </message>
        <message>
            <source>The person to greet in replies. Paste "Name &lt;address&gt;": the name is kept</source>
            <translation>К кому обращаться в ответах. Вставьте «Имя &lt;адрес&gt;» — останется имя</translation>
        </message>
        <message>
            <source>Difficult client</source>
            <translation>Трудный клиент</translation>
        </message>
        <message>
            <source>Every N working hours</source>
            <translation>Каждые N рабочих часов</translation>
        </message>
        <message>
            <source> working h</source>
            <translation> раб. ч</translation>
        </message>
        <message>
            <source>e.g. tomorrow 3pm, fri 16:30, in 2 hours</source>
            <translation>например: завтра 15:00, пт 16:30, через 2 часа</translation>
        </message>
        <message>
            <source>Once, instead of the cadence: the next update is due then</source>
            <translation>Один раз вместо периодичности: к этому времени нужно следующее обновление</translation>
        </message>
        <message>
            <source>e.g. by Friday, Dec 15 2pm</source>
            <translation>например: к пятнице, 15 дек 14:00</translation>
        </message>
        <message>
            <source>What you promised the client</source>
            <translation>Срок, обещанный клиенту</translation>
        </message>
        <message>
            <source>Link</source>
            <translation>Ссылка</translation>
        </message>
        <message>
            <source>Key *</source>
            <translation>Ключ *</translation>
        </message>
        <message>
            <source>Client</source>
            <translation>Клиент</translation>
        </message>
        <message>
            <source>Contact</source>
            <translation>Контактное лицо</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Тема</translation>
        </message>
        <message>
            <source>Channel</source>
            <translation>Канал</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Статус</translation>
        </message>
        <message>
            <source>Priority</source>
            <translation>Приоритет</translation>
        </message>
        <message>
            <source>Update the client</source>
            <translation>Обновлять клиента</translation>
        </message>
        <message>
            <source>Next update by</source>
            <translation>Обновить до</translation>
        </message>
        <message>
            <source>Promised date</source>
            <translation>Обещанный срок</translation>
        </message>
        <message>
            <source>Notes</source>
            <translation>Заметки</translation>
        </message>
        <message>
            <source>Copy hand-off reply</source>
            <translation>Копировать ответ о передаче</translation>
        </message>
        <message>
            <source>Hand off to a colleague…</source>
            <translation>Передать коллеге…</translation>
        </message>
        <message>
            <source>Discard this new ticket?</source>
            <translation>Не сохранять новый тикет?</translation>
        </message>
        <message>
            <source>Discard your changes?</source>
            <translation>Не сохранять изменения?</translation>
        </message>
        <message>
            <source>{n} of {cap} updates</source>
            <translation>обновлений {n} из {cap}</translation>
        </message>
        <message>
            <source>{n} of {cap} active tickets</source>
            <translation>активных тикетов {n} из {cap}</translation>
        </message>
        <message>
            <source>Over your capacity on {day} ({figures}).</source>
            <translation>{day} — больше, чем вы успеете ({figures}).</translation>
        </message>
        <message>
            <source>Over your capacity ({figures}).</source>
            <translation>Больше, чем вы успеете ({figures}).</translation>
        </message>
        <message>
            <source>Consider {day}, which has room, or hand the ticket to a colleague.</source>
            <translation>Есть свободный день: {day}. Или передайте тикет коллеге.</translation>
        </message>
        <message numerus="yes">
            <source>No day in the next %n working day(s) has room: consider handing the ticket to a colleague.</source>
            <translation>
                <numerusform>В ближайший %n рабочий день места нет: лучше передать тикет коллеге.</numerusform>
                <numerusform>В ближайшие %n рабочих дня места нет: лучше передать тикет коллеге.</numerusform>
                <numerusform>В ближайшие %n рабочих дней места нет: лучше передать тикет коллеге.</numerusform>
            </translation>
        </message>
        <message>
            <source>Consider handing the ticket to a colleague.</source>
            <translation>Лучше передать тикет коллеге.</translation>
        </message>
        <message>
            <source>Use {day}</source>
            <translation>Выбрать {day}</translation>
        </message>
        <message>
            <source>No regular updates</source>
            <translation>Без регулярных обновлений</translation>
        </message>
        <message>
            <source>Every 4 working hours</source>
            <translation>Каждые 4 рабочих часа</translation>
        </message>
        <message>
            <source>Daily</source>
            <translation>Ежедневно</translation>
        </message>
        <message>
            <source>Every 2 days</source>
            <translation>Раз в 2 дня</translation>
        </message>
        <message>
            <source>Weekly</source>
            <translation>Еженедельно</translation>
        </message>
    </context>
    <context>
        <name>TicketTable</name>
        <message>
            <source>no update due</source>
            <translation>обновление не назначено</translation>
        </message>
        <message>
            <source>{d} ago</source>
            <translation>{d} назад</translation>
        </message>
        <message>
            <source>{time} left</source>
            <translation>осталось {time}</translation>
        </message>
        <message>
            <source>Paused while waiting on the client: {time} of working time left when the client answers</source>
            <translation>На паузе, пока ждём клиента: когда клиент ответит, останется {time} рабочего времени</translation>
        </message>
        <message>
            <source>until {time}</source>
            <translation>до {time}</translation>
        </message>
        <message>
            <source>Reminders snoozed until {when}; {due}</source>
            <translation>Напоминания отложены до {when}; {due}</translation>
        </message>
        <message>
            <source>{status} · {time}</source>
            <translation>{status} · {time}</translation>
        </message>
        <message>
            <source>{status} for {time}: the client was last updated, or the ticket last changed, {when}</source>
            <translation>{status} уже {time}: клиенту последний раз писали или тикет последний раз меняли {when}</translation>
        </message>
        <message>
            <source>next update {when} ({distance})</source>
            <translation>следующее обновление {when} ({distance})</translation>
        </message>
        <message>
            <source>Offered to {name}; not sent yet (the team server is away)</source>
            <translation>Предложен: {name}; ещё не отправлен (сервер команды недоступен)</translation>
        </message>
        <message>
            <source>Offered to {name}; waiting for the answer</source>
            <translation>Предложен: {name}; ждём ответа</translation>
        </message>
        <message>
            <source>Handed off to {name}</source>
            <translation>Передан: {name}</translation>
        </message>
        <message>
            <source>Key</source>
            <translation>Ключ</translation>
        </message>
        <message>
            <source>Client</source>
            <translation>Клиент</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>Тема</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Статус</translation>
        </message>
        <message>
            <source>Next update</source>
            <translation>Обновить до</translation>
        </message>
        <message>
            <source>Promised</source>
            <translation>Обещано</translation>
        </message>
        <message>
            <source>Last update</source>
            <translation>Обновлено</translation>
        </message>
    </context>
    <context>
        <name>Tray</name>
        <message>
            <source>Updates due…</source>
            <translation>Пора обновить…</translation>
        </message>
        <message>
            <source>Open tickets</source>
            <translation>Открыть тикеты</translation>
        </message>
        <message>
            <source>New ticket…</source>
            <translation>Новый тикет…</translation>
        </message>
        <message>
            <source>Find reply…</source>
            <translation>Найти ответ…</translation>
        </message>
        <message>
            <source>Take a break now</source>
            <translation>Сделать перерыв сейчас</translation>
        </message>
        <message>
            <source>Do not disturb (hold breaks)</source>
            <translation>Не беспокоить (перерывы позже)</translation>
        </message>
        <message>
            <source>Wellbeing…</source>
            <translation>Отдых и нагрузка…</translation>
        </message>
        <message>
            <source>Pause everything</source>
            <translation>Приостановить всё</translation>
        </message>
        <message>
            <source>For 1 hour</source>
            <translation>На 1 час</translation>
        </message>
        <message>
            <source>Until tomorrow</source>
            <translation>До завтра</translation>
        </message>
        <message>
            <source>Resume now</source>
            <translation>Возобновить</translation>
        </message>
        <message>
            <source>Settings…</source>
            <translation>Настройки…</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Выход</translation>
        </message>
        <message>
            <source>Support Companion</source>
            <translation>Support Companion</translation>
        </message>
        <message>
            <source>Client updates to make now: {n}</source>
            <translation>Обновить клиентов сейчас: {n}</translation>
        </message>
        <message>
            <source>Nothing due now</source>
            <translation>Сейчас ничего не горит</translation>
        </message>
        <message>
            <source>Updates due ({n})…</source>
            <translation>Пора обновить ({n})…</translation>
        </message>
    </context>
    <context>
        <name>VariantTab</name>
        <message>
            <source>Name shown in menus and search</source>
            <translation>Название в меню и поиске</translation>
        </message>
        <message>
            <source>The reply. Placeholders such as {client} are filled when copying.</source>
            <translation>Текст ответа. Поля вроде {client} заполняются при копировании.</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Название</translation>
        </message>
        <message>
            <source>Text</source>
            <translation>Текст</translation>
        </message>
    </context>
    <context>
        <name>WelcomeDialog</name>
        <message>
            <source>Welcome — Support Companion</source>
            <translation>Добро пожаловать — Support Companion</translation>
        </message>
        <message>
            <source>Welcome</source>
            <translation>Добро пожаловать</translation>
        </message>
        <message>
            <source>Your name</source>
            <translation>Ваше имя</translation>
        </message>
        <message>
            <source>Working hours</source>
            <translation>Рабочие часы</translation>
        </message>
        <message>
            <source>Breaks and load</source>
            <translation>Перерывы и нагрузка</translation>
        </message>
        <message>
            <source>Start at login</source>
            <translation>Запуск при входе в систему</translation>
        </message>
        <message>
            <source>How it works</source>
            <translation>Как это работает</translation>
        </message>
        <message>
            <source>Skip</source>
            <translation>Пропустить</translation>
        </message>
        <message>
            <source>Keep the defaults; everything here is in Settings too</source>
            <translation>Оставить настройки по умолчанию; всё это есть и в настройках</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Назад</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Далее</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>Готово</translation>
        </message>
        <message>
            <source>Automatic (system)</source>
            <translation>Автоматически (как в системе)</translation>
        </message>
        <message>
            <source>Same as the interface</source>
            <translation>Как в интерфейсе</translation>
        </message>
        <message>
            <source>Interface language</source>
            <translation>Язык интерфейса</translation>
        </message>
        <message>
            <source>Applies when Support Companion next starts.</source>
            <translation>Вступит в силу при следующем запуске Support Companion.</translation>
        </message>
        <message>
            <source>Language of replies</source>
            <translation>Язык ответов</translation>
        </message>
        <message>
            <source>The language of the replies you copy to clients.</source>
            <translation>На этом языке ответы копируются для клиентов.</translation>
        </message>
        <message>
            <source>Support Companion reminds you when a client is due an update, keeps ready replies at hand and looks after your breaks. A few questions first; you can change all of it later in Settings.</source>
            <translation>Support Companion напоминает, когда пора сообщить клиенту новости, держит под рукой готовые ответы и следит, чтобы вы не забывали отдыхать. Сначала несколько вопросов; всё это можно потом изменить в настройках.</translation>
        </message>
        <message>
            <source>Your name as clients see it</source>
            <translation>Ваше имя, как его видят клиенты</translation>
        </message>
        <message>
            <source>Replies sign with it, e.g. “Best regards, Anna”. Leave it empty if you do not sign replies.</source>
            <translation>Им подписываются ответы, например: «С уважением, Анна». Оставьте поле пустым, если не подписываете ответы.</translation>
        </message>
        <message>
            <source>Day shift, Monday to Friday</source>
            <translation>Дневная смена, с понедельника по пятницу</translation>
        </message>
        <message>
            <source>Two days on, two off (2/2)</source>
            <translation>Два дня через два (2/2)</translation>
        </message>
        <message>
            <source>Night shift, Monday to Friday</source>
            <translation>Ночная смена, с понедельника по пятницу</translation>
        </message>
        <message>
            <source>Round the clock, every day</source>
            <translation>Круглосуточно, без выходных</translation>
        </message>
        <message>
            <source>Custom</source>
            <translation>Свой график</translation>
        </message>
        <message>
            <source>Hours</source>
            <translation>Часы</translation>
        </message>
        <message>
            <source>A night belongs to the evening it starts on.</source>
            <translation>Ночная смена относится к дню, вечером которого она начинается.</translation>
        </message>
        <message>
            <source>Reminders and breaks may come at any hour.</source>
            <translation>Напоминания и перерывы могут прийти в любое время суток.</translation>
        </message>
        <message>
            <source>Schedule</source>
            <translation>График</translation>
        </message>
        <message>
            <source>Days and hours, e.g. “mon-fri 09:00-18:00; sat 10:00-14:00”, or a rotation: “3/3 from 2026-12-03 08:00-20:00”.</source>
            <translation>Дни и часы, например «mon-fri 09:00-18:00; sat 10:00-14:00», или смены: «3/3 from 2026-12-03 08:00-20:00».</translation>
        </message>
        <message>
            <source>Time zone</source>
            <translation>Часовой пояс</translation>
        </message>
        <message>
            <source>Nothing falls due outside these hours: an update due at night is due at the start of your next shift.</source>
            <translation>Вне этих часов сроки не наступают: обновление, выпавшее на ночь, переносится на начало следующей смены.</translation>
        </message>
        <message>
            <source>Remind me to take breaks</source>
            <translation>Напоминать о перерывах</translation>
        </message>
        <message numerus="yes">
            <source> ticket(s)</source>
            <translation>
                <numerusform> тикет</numerusform>
                <numerusform> тикета</numerusform>
                <numerusform> тикетов</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source> update(s)</source>
            <translation>
                <numerusform> обновление</numerusform>
                <numerusform> обновления</numerusform>
                <numerusform> обновлений</numerusform>
            </translation>
        </message>
        <message>
            <source>Short eye breaks, and longer ones for tea or fresh air, during your working hours.</source>
            <translation>Короткие перерывы для глаз и более длинные — на чай или свежий воздух, в рабочие часы.</translation>
        </message>
        <message>
            <source>Breaks</source>
            <translation>Перерывы</translation>
        </message>
        <message>
            <source>Active tickets I can carry</source>
            <translation>Тикетов в работе, не более</translation>
        </message>
        <message>
            <source>Client updates I can make in a day</source>
            <translation>Обновлений клиентам за день, не более</translation>
        </message>
        <message>
            <source>Beyond this, the app warns you before you promise more.</source>
            <translation>Сверх этого приложение предупредит, прежде чем вы пообещаете больше.</translation>
        </message>
        <message>
            <source>Capacity</source>
            <translation>Предел нагрузки</translation>
        </message>
        <message>
            <source>Start Support Companion when I log in</source>
            <translation>Запускать Support Companion при входе в систему</translation>
        </message>
        <message>
            <source>Reminders only come while Support Companion runs. It waits in the tray and uses little memory.</source>
            <translation>Напоминания приходят, только пока Support Companion запущен. Он ждёт в трее и почти не занимает память.</translation>
        </message>
        <message>
            <source>Add the tickets you promised to keep a client informed on, each with a cadence (daily, every two days…) or a promised date.</source>
            <translation>Добавляйте тикеты, по которым обещали держать клиента в курсе: с периодичностью (каждый день, раз в два дня…) или с обещанным сроком.</translation>
        </message>
        <message>
            <source>When an update is due, a reminder comes from the tray: copy an update reply, mark the ticket updated, or snooze it.</source>
            <translation>Когда пора сообщить новости, из трея приходит напоминание: скопируйте ответ с новостями, отметьте тикет обновлённым или отложите его.</translation>
        </message>
        <message>
            <source>Replies are in the tray menu and, in the main window, under Ctrl+K; they are filled in from the ticket.</source>
            <translation>Ответы есть в меню трея, а в главном окне — по Ctrl+K; данные тикета подставляются в них сами.</translation>
        </message>
        <message>
            <source>Breaks follow your working hours.</source>
            <translation>Перерывы подстраиваются под ваши рабочие часы.</translation>
        </message>
        <message>
            <source>When a day would be over your capacity, adding a ticket or promising a date says so first.</source>
            <translation>Если день окажется перегружен, приложение предупредит об этом, когда вы добавляете тикет или обещаете срок.</translation>
        </message>
        <message>
            <source>Finish opens the list of your tickets.</source>
            <translation>По кнопке «Готово» откроется список ваших тикетов.</translation>
        </message>
        <message>
            <source>Working days from today: {days}…</source>
            <translation>Ближайшие рабочие дни: {days} …</translation>
        </message>
        <message>
            <source>Step {n} of {total}</source>
            <translation>Шаг {n} из {total}</translation>
        </message>
        <message>
            <source>Could not set up the start at login: {why}</source>
            <translation>Не удалось настроить запуск при входе в систему: {why}</translation>
        </message>
    </context>
    <context>
        <name>WellbeingWindow</name>
        <message>
            <source>Wellbeing</source>
            <translation>Отдых и нагрузка</translation>
        </message>
        <message>
            <source>&amp;Day</source>
            <translation>&amp;День</translation>
        </message>
        <message>
            <source>&amp;Week</source>
            <translation>&amp;Неделя</translation>
        </message>
        <message>
            <source>&amp;Today</source>
            <translation>&amp;Сегодня</translation>
        </message>
        <message>
            <source>&amp;Export CSV…</source>
            <translation>&amp;Экспорт CSV…</translation>
        </message>
        <message>
            <source>Save these figures as a CSV file for a spreadsheet</source>
            <translation>Сохранить эти показатели в CSV-файл для электронной таблицы</translation>
        </message>
        <message>
            <source>Breaks</source>
            <translation>Перерывы</translation>
        </message>
        <message>
            <source>Taken</source>
            <translation>Сделаны</translation>
        </message>
        <message>
            <source>Skipped or postponed</source>
            <translation>Пропущены или отложены</translation>
        </message>
        <message>
            <source>Client updates</source>
            <translation>Обновления для клиентов</translation>
        </message>
        <message>
            <source>On time</source>
            <translation>Вовремя</translation>
        </message>
        <message>
            <source>Late</source>
            <translation>С опозданием</translation>
        </message>
        <message>
            <source>Previous</source>
            <translation>Назад</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Вперёд</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>Сегодня</translation>
        </message>
        <message>
            <source>Export CSV</source>
            <translation>Экспорт CSV</translation>
        </message>
        <message>
            <source>week</source>
            <translation>неделю</translation>
        </message>
        <message>
            <source>day</source>
            <translation>день</translation>
        </message>
        <message>
            <source>Previous {unit} (Left arrow)</source>
            <translation>Назад на {unit} (стрелка влево)</translation>
        </message>
        <message>
            <source>Next {unit} (Right arrow)</source>
            <translation>Вперёд на {unit} (стрелка вправо)</translation>
        </message>
        <message>
            <source>Previous {unit}</source>
            <translation>Назад на {unit}</translation>
        </message>
        <message>
            <source>Next {unit}</source>
            <translation>Вперёд на {unit}</translation>
        </message>
        <message>
            <source>{taken} run to the end, {early} finished early</source>
            <translation>до конца: {taken}, досрочно: {early}</translation>
        </message>
        <message>
            <source>Today, {date}</source>
            <translation>Сегодня, {date}</translation>
        </message>
        <message>
            <source>CSV files (*.csv);;All files (*)</source>
            <translation>Файлы CSV (*.csv);;Все файлы (*)</translation>
        </message>
        <message>
            <source>Could not save {path}: {why}</source>
            <translation>Не удалось сохранить {path}: {why}</translation>
        </message>
        <message numerus="yes">
            <source>%n day(s)</source>
            <translation>
                <numerusform>%n день</numerusform>
                <numerusform>%n дня</numerusform>
                <numerusform>%n дней</numerusform>
            </translation>
        </message>
        <message>
            <source>Saved {days} to {path}</source>
            <translation>Данные за {days} сохранены в {path}</translation>
        </message>
        <message>
            <source>Breaks taken</source>
            <translation>Сделано перерывов</translation>
        </message>
        <message>
            <source>Postponed</source>
            <translation>Отложено</translation>
        </message>
        <message>
            <source>Skipped</source>
            <translation>Пропущено</translation>
        </message>
        <message>
            <source>Natural breaks</source>
            <translation>Вдали от ПК</translation>
        </message>
        <message>
            <source>Rest</source>
            <translation>Отдых</translation>
        </message>
        <message>
            <source>Updates on time</source>
            <translation>Обновления в срок</translation>
        </message>
        <message>
            <source>No due time</source>
            <translation>Без срока</translation>
        </message>
        <message>
            <source>Tough conversations</source>
            <translation>Трудные разговоры</translation>
        </message>
        <message>
            <source>Overtime</source>
            <translation>Переработка</translation>
        </message>
        <message>
            <source>Breaks run to the end or finished early</source>
            <translation>Перерывы, проведённые до конца или завершённые досрочно</translation>
        </message>
        <message>
            <source>Rest you had anyway: away from the computer, asleep or locked</source>
            <translation>Отдых без перерыва: вы отходили от компьютера, он спал или был заблокирован</translation>
        </message>
        <message>
            <source>Time rested in breaks and natural breaks</source>
            <translation>Время отдыха: перерывы и время вдали от ПК</translation>
        </message>
        <message>
            <source>Client updates made at or before their due time</source>
            <translation>Обновления для клиентов, отправленные в срок или раньше</translation>
        </message>
        <message>
            <source>Client updates made after their due time</source>
            <translation>Обновления для клиентов, отправленные после срока</translation>
        </message>
        <message>
            <source>Client updates logged when none was due</source>
            <translation>Обновления, записанные, когда срока не было</translation>
        </message>
        <message>
            <source>Breathing resets after a hard conversation</source>
            <translation>Дыхательные паузы после трудных разговоров</translation>
        </message>
        <message>
            <source>Active time outside your working hours</source>
            <translation>Активное время вне рабочих часов</translation>
        </message>
    </context>
    <context>
        <name>WhenEdit</name>
        <message>
            <source>Pick…</source>
            <translation>Выбрать…</translation>
        </message>
        <message>
            <source>In 2 hours</source>
            <translation>Через 2 часа</translation>
        </message>
        <message>
            <source>Tomorrow 10:00</source>
            <translation>Завтра 10:00</translation>
        </message>
        <message>
            <source>In 2 days</source>
            <translation>Через 2 дня</translation>
        </message>
        <message>
            <source>In a week</source>
            <translation>Через неделю</translation>
        </message>
        <message>
            <source>Date and time…</source>
            <translation>Дата и время…</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Очистить</translation>
        </message>
        <message>
            <source>Pick date and time</source>
            <translation>Выбор даты и времени</translation>
        </message>
        <message>
            <source>Which one? {choices}</source>
            <translation>Что именно? {choices}</translation>
        </message>
        <message>
            <source>after working hours: due at the start of the shift, {when}</source>
            <translation>вне рабочего времени: срок — начало смены, {when}</translation>
        </message>
    </context>
</TS>
