package com.example;

/** No annotation: checked when the agent runs with failFast=true. */
class HeartbeatTest extends HeartbeatCases {
}
