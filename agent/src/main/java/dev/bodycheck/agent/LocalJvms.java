package dev.bodycheck.agent;

import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.io.PrintStream;

/** {@code list}: the JVMs of this user on this machine, through the JDK's attach API. */
final class LocalJvms {
    private LocalJvms() {
    }

    static int list(PrintStream out, PrintStream err) {
        try {
            String self = Long.toString(ProcessHandle.current().pid());
            for (VirtualMachineDescriptor vm : VirtualMachine.list()) {
                if (vm.id().equals(self)) {
                    continue;
                }
                out.println(vm.id() + "\t" + (vm.displayName().isEmpty() ? "(no name)" : vm.displayName()));
            }
            return 0;
        } catch (LinkageError e) {
            err.println("bodycheck: this Java has no attach API (module jdk.attach); run it with a full JDK");
            return 1;
        }
    }
}
