/*
 * Work the console CPU does while no input is waiting (for example draining
 * guest console output).  Subsystems register hooks here in one place: idle.c.
 */
#ifndef TESSERA_CONSOLE_IDLE_H
#define TESSERA_CONSOLE_IDLE_H

void console_idle(void);

#endif
