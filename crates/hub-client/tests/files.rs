//! Downloads against a bare local server that answers with whatever a test needs: the size cap holds
//! whether the server announces a too-large body or streams one without a length. Calendar attachments
//! against the emulator.

use hub_client::{Error, Hosts, HubClient, MAX_DOWNLOAD_BYTES, TOO_LARGE};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

mod common;

/// A server on loopback that answers every connection with `head` and then `body_len` bytes of `x`,
/// written in chunks (the write stops quietly when the client hangs up).
async fn serve(head: String, body_len: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let head = head.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = sock.read(&mut buf).await;
                if sock.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![b'x'; 64 * 1024];
                let mut left = body_len;
                while left > 0 {
                    let n = left.min(chunk.len());
                    if sock.write_all(&chunk[..n]).await.is_err() {
                        return;
                    }
                    left -= n;
                }
            });
        }
    });
    format!("http://{addr}")
}

fn client(base: &str) -> HubClient {
    let hosts = Hosts::parse(base, base, base, base).unwrap();
    HubClient::builder().hosts(hosts).build().unwrap()
}

#[tokio::test]
async fn an_announced_file_over_the_cap_is_refused() {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        MAX_DOWNLOAD_BYTES + 1
    );
    let base = serve(head, 1024).await;
    let err = client(&base)
        .download("/Resources/Resource/Download/1")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(why) if why == TOO_LARGE), "{err:?}");
}

#[tokio::test]
async fn a_streamed_file_over_the_cap_is_refused() {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nConnection: close\r\n\r\n".to_owned();
    let base = serve(head, MAX_DOWNLOAD_BYTES + 64 * 1024).await;
    let err = client(&base)
        .download("/Resources/Resource/Download/2")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(why) if why == TOO_LARGE), "{err:?}");
}

#[tokio::test]
async fn a_small_file_comes_whole() {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\
                Content-Disposition: attachment; filename=\"Packlista.txt\"\r\nConnection: close\r\n\r\n"
        .to_owned();
    let base = serve(head, 5000).await;
    let file = client(&base).download("/Resources/Resource/Download/3").await.unwrap();
    assert_eq!(file.bytes.len(), 5000);
    assert_eq!(file.filename.as_deref(), Some("Packlista.txt"));
}

#[tokio::test]
async fn a_calendar_entrys_files_list_and_download() {
    let (emu, client, account) = common::logged_in().await;
    let nils = common::child(&account, "Nils");
    let today = hub_model::time::stockholm_wall_clock(chrono::Utc::now()).date();
    let entries = client
        .calendar(
            nils,
            today - chrono::Duration::days(7),
            today + chrono::Duration::days(120),
        )
        .await
        .unwrap();
    let trip = entries
        .iter()
        .find(|e| e.title.contains("Kilsbergen"))
        .expect("Nils's trip is in the calendar");
    assert!(trip.has_attachments);
    let files = client.calendar_attachments(nils, trip.id).await.unwrap();
    let list = files
        .iter()
        .find(|f| f.title.contains("Packlista"))
        .expect("the packing list");
    let file = client.download(&list.url).await.unwrap();
    assert!(String::from_utf8_lossy(&file.bytes).contains("Matsäck"));
    let none = entries
        .iter()
        .find(|e| !e.has_attachments)
        .expect("an entry without files");
    assert!(client.calendar_attachments(nils, none.id).await.unwrap().is_empty());
    emu.shutdown().await;
}
