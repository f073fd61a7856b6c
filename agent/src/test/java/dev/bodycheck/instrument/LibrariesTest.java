package dev.bodycheck.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class LibrariesTest {
    @Test
    void everyLibraryNamesTheTypesItsHooksHookInTheirOrder() {
        // the store's keys checksum the class files of these types in this order, and only the hooks weave them
        for (Library l : Libraries.ALL) {
            assertEquals(new ArrayList<>(l.typeNamesOfHooks()), new ArrayList<>(l.typeNames()), l.id());
        }
    }
}
