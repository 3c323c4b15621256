// Command go-worker is the polyglot test app (examples/polyglot/README.md) as a Go BusinessWorker.
//
//	go-worker -register 127.0.0.1:1236 -index 0
//
// It prints a line with READY once it is attached to every Gateway the Register lists and to at
// least one (after 10 s, to at least one): never before a Gateway's welcome. It logs to stderr, and
// stops without losing an event on SIGTERM or SIGINT.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gatewayworker.example/goworker/gatewayworker"
)

// language is what `whoami` answers.
const language = "go"

func main() {
	register := flag.String("register", "127.0.0.1:1236", "Register address(es), comma-separated")
	index := flag.Int("index", 0, "this worker's index")
	name := flag.String("name", "PolyglotGo", "worker name")
	flag.Parse()

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	worker := gatewayworker.New(gatewayworker.Options{
		Register: strings.Split(*register, ","),
		Name:     *name,
		Index:    *index,
		Events:   polyglotEvents(),
		Logger:   logger,
		// From the environment, not a flag: other users can read a process's arguments.
		SecretKey: os.Getenv("GATEWAYWORKER_SECRET_KEY"),
	})
	if err := worker.Start(); err != nil {
		logger.Error("cannot start", "err", err)
		os.Exit(1)
	}

	signals, stopSignals := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stopSignals()
	attachCtx, cancel := context.WithTimeout(signals, 10*time.Second)
	if err := worker.WaitAttached(attachCtx); err != nil && signals.Err() == nil {
		logger.Warn("not attached to every listed gateway yet", "err", err)
	}
	cancel()
	// READY promises a worker that serves: at least one Gateway has welcomed it (an empty list
	// from the Register is not enough). Until then, or until stopped, wait.
	if worker.WaitAttachedToAny(signals) == nil {
		fmt.Println("READY")
	}

	<-signals.Done()
	logger.Info("stopping")
	stopCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := worker.Stop(stopCtx); err != nil {
		logger.Warn("stopped uncleanly", "err", err)
	}
}

// polyglotEvents is the app: one command per WebSocket text message.
func polyglotEvents() gatewayworker.Events {
	return gatewayworker.Events{
		OnConnect: func(c *gatewayworker.Context) error {
			return c.SendToCurrentClient(gatewayworker.Text("hello " + c.ClientID))
		},
		OnMessage: onMessage,
	}
}

func onMessage(c *gatewayworker.Context, message gatewayworker.Message) error {
	if message.Binary {
		return c.SendToCurrentClient(message)
	}
	reply := func(text string) error { return c.SendToCurrentClient(gatewayworker.Text(text)) }
	words := strings.Split(message.String(), " ")
	command, arg, text := words[0], "", ""
	if len(words) > 1 {
		arg = words[1]
	}
	if len(words) > 2 {
		text = strings.Join(words[2:], " ")
	}
	gateway := c.Gateway

	switch command {
	case "whoami":
		return reply(c.ClientID + " " + language)
	case "count":
		count, _ := c.Session["count"].(float64)
		count++
		c.Session["count"] = count
		return reply("count " + strconv.FormatFloat(count, 'f', -1, 64))
	case "session":
		data, err := json.Marshal(c.Session)
		if err != nil {
			return err
		}
		return reply("session " + string(data))
	case "set":
		c.Session[arg] = text
		return reply("ok")
	case "bind":
		if err := gateway.BindUid(c, c.ClientID, arg); err != nil {
			return err
		}
		return reply("ok")
	case "join":
		if err := gateway.JoinGroup(c, c.ClientID, arg); err != nil {
			return err
		}
		return reply("ok")
	case "leave":
		if err := gateway.LeaveGroup(c, c.ClientID, arg); err != nil {
			return err
		}
		return reply("ok")
	case "to-client":
		if err := gateway.SendToClient(c, arg, gatewayworker.Text(text)); err != nil {
			return err
		}
		return reply("ok")
	case "to-uid":
		return gateway.SendToUid(c, arg, gatewayworker.Text(text))
	case "to-group":
		return gateway.SendToGroup(c, arg, gatewayworker.Text(text))
	case "members":
		ids, err := gateway.GetClientIdListByGroup(c, arg)
		if err != nil {
			return err
		}
		slices.Sort(ids)
		return reply("members " + strings.Join(ids, " "))
	case "online":
		online, err := gateway.IsUidOnline(c, arg)
		if err != nil {
			return err
		}
		return reply("online " + strconv.FormatBool(online))
	default:
		return reply("echo " + message.String())
	}
}
