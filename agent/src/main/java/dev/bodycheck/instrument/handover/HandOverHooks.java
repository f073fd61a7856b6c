package dev.bodycheck.instrument.handover;

import static dev.bodycheck.instrument.Hook.types;
import static dev.bodycheck.instrument.Methods.named;
import static dev.bodycheck.instrument.Methods.takesArgument;
import static dev.bodycheck.instrument.Methods.takesArguments;

import dev.bodycheck.instrument.Hook;
import dev.bodycheck.instrument.Library;
import dev.bodycheck.runtime.HandOver;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Where work is handed from one thread to another, so that the test whose work it is goes with it
 * ({@link HandOver}): the executors of {@code java.util.concurrent} (the thread pools, the scheduled one, the
 * fork-join pools, which {@code CompletableFuture}'s async methods use, and its delayed executor) wrap the tasks
 * they are given, and a thread started ({@code Thread.start}, a virtual thread's start; {@code CompletableFuture}'s
 * thread-per-task fallback and the thread-per-task executors start threads) takes the starting thread's test. Not
 * clients: woven only once a test framework registers its first test, into the JDK's classes loaded by then
 * (retransformed, advice only) and those loaded later.
 */
public final class HandOverHooks {
    private static final String TPE = "java.util.concurrent.ThreadPoolExecutor";
    private static final String STPE = "java.util.concurrent.ScheduledThreadPoolExecutor";
    private static final String FJP = "java.util.concurrent.ForkJoinPool";
    private static final String DELAYED = "java.util.concurrent.CompletableFuture$DelayedExecutor";
    private static final String THREAD = "java.lang.Thread";
    /** JDK 21 and later. */
    private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";

    private HandOverHooks() {
    }

    /** One library per JDK class, each woven if it exists. */
    public static List<Library> libraries() {
        List<Library> all = new ArrayList<>();
        all.add(library(TPE, new Library.Hooks() {
            @Override
            public Hook[] all() {
                return new Hook[] {Hook.of(types(TPE), named("execute").and(takesArguments(1)), "execute(Runnable)",
                        RunnableTask.class)};
            }
        }));
        all.add(library(STPE, new Library.Hooks() {
            @Override
            public Hook[] all() {
                return new Hook[] {
                        Hook.of(types(STPE), named("schedule").and(takesArgument(0, Runnable.class)),
                                "schedule(Runnable, long, TimeUnit)", RunnableTask.class),
                        Hook.of(types(STPE), named("schedule").and(takesArgument(0, Callable.class)),
                                "schedule(Callable, long, TimeUnit)", CallableTask.class),
                        Hook.of(types(STPE), named("scheduleAtFixedRate").or(named("scheduleWithFixedDelay")),
                                "scheduleAtFixedRate/WithFixedDelay(Runnable, ...)", RunnableTask.class)};
            }
        }));
        boolean fjpSchedules = hasMethod(FJP, "schedule", Runnable.class, long.class, TimeUnit.class); // JDK 25+
        all.add(library(FJP, new Library.Hooks() {
            @Override
            public Hook[] all() {
                List<Hook> hooks = new ArrayList<>(List.of(
                        Hook.of(types(FJP), named("execute").or(named("submit")).and(takesArgument(0, Runnable.class)),
                                "execute/submit(Runnable)", RunnableTask.class),
                        Hook.of(types(FJP), named("submit").and(takesArgument(0, Callable.class)), "submit(Callable)",
                                CallableTask.class),
                        Hook.of(types(FJP), named("invokeAll").or(named("invokeAny"))
                                .or(named("invokeAllUninterruptibly")).and(takesArgument(0, Collection.class)),
                                "invokeAll/invokeAny(Collection)", CallableTasks.class)));
                if (fjpSchedules) {
                    hooks.add(Hook.of(types(FJP), named("schedule").or(named("scheduleAtFixedRate"))
                            .or(named("scheduleWithFixedDelay")).and(takesArgument(0, Runnable.class)),
                            "schedule...(Runnable, ...)", RunnableTask.class));
                    hooks.add(Hook.of(types(FJP), named("schedule").or(named("submitWithTimeout"))
                            .and(takesArgument(0, Callable.class)), "schedule/submitWithTimeout(Callable, ...)",
                            CallableTask.class));
                }
                return hooks.toArray(new Hook[0]);
            }
        }));
        // CompletableFuture.delayedExecutor's tasks, which a scheduler thread hands to their executor later
        all.add(library(DELAYED, new Library.Hooks() {
            @Override
            public Hook[] all() {
                return new Hook[] {Hook.of(types(DELAYED), named("execute").and(takesArguments(1)), "execute(Runnable)",
                        RunnableTask.class)};
            }
        }));
        all.add(library(THREAD, new Library.Hooks() {
            @Override
            public Hook[] all() {
                return new Hook[] {Hook.of(types(THREAD), named("start"), "start()", Start.class)};
            }
        }));
        if (exists(VIRTUAL_THREAD)) {
            all.add(library(VIRTUAL_THREAD, new Library.Hooks() {
                @Override
                public Hook[] all() {
                    return new Hook[] {Hook.of(types(VIRTUAL_THREAD), named("start"), "start()", Start.class)};
                }
            }));
        }
        return all;
    }

    private static Library library(String type, Library.Hooks hooks) {
        return Library.called("hand-over " + type).description("tests' work handed over")
                .gates(type.replace('.', '/')).hooks(hooks);
    }

    private static boolean hasMethod(String type, String name, Class<?>... parameters) {
        try {
            Class.forName(type, false, null).getMethod(name, parameters);
            return true;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    private static boolean exists(String name) {
        try {
            Class.forName(name, false, null);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A {@code Runnable} handed to an executor goes with the test whose work hands it over. */
    static final class RunnableTask {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Runnable task) {
            task = HandOver.handOver(task);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit() {
            HandOver.handedOver();
        }
    }

    /** A {@code Callable} handed to an executor goes with the test whose work hands it over. */
    static final class CallableTask {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Callable<?> task) {
            task = HandOver.handOver(task);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit() {
            HandOver.handedOver();
        }
    }

    /** The {@code Callable}s of {@code invokeAll}/{@code invokeAny} go with the test whose work hands them over. */
    static final class CallableTasks {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Collection<?> tasks) {
            tasks = HandOver.handOverAll(tasks);
        }

        @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
        static void exit() {
            HandOver.handedOver();
        }
    }

    /** A thread being started does the work of the test that starts it. */
    static final class Start {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Thread thread) {
            HandOver.starting(thread);
        }
    }
}
