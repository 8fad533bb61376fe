<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>MainWindow</name>
    <message>
        <source>Customers</source>
        <translation>고객</translation>
    </message>
    <message>
        <source>Coming next: the customer directory with saved cards (customer_uid), charging a saved card again and scheduled payments.</source>
        <translation>다음 단계에서 추가됩니다: 저장된 카드(customer_uid)가 있는 고객 목록, 저장된 카드로 다시 결제, 예약 결제.</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>거래 내역</translation>
    </message>
    <message>
        <source>Coming next: the ledger of payments with search, receipts, refunds and reconciliation with PortOne.</source>
        <translation>다음 단계에서 추가됩니다: 결제 원장 검색, 영수증, 환불, PortOne과의 대사(정산 확인).</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>처리 중</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>단말기</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Navigation</source>
        <translation>메뉴</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>실제 결제 (LIVE)</translation>
    </message>
    <message>
        <source>TRAINING (SANDBOX)</source>
        <translation>연습 모드 (SANDBOX)</translation>
    </message>
    <message>
        <source>Reading the API key from the keychain…</source>
        <translation>키체인에서 API 키를 읽는 중…</translation>
    </message>
    <message>
        <source>Starting the training server…</source>
        <translation>연습 서버 시작 중…</translation>
    </message>
    <message>
        <source>Live API ready</source>
        <translation>실제 결제 API 준비됨</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>연결됨: %1</translation>
    </message>
    <message>
        <source>Training server ready</source>
        <translation>연습 서버 준비됨</translation>
    </message>
    <message>
        <source>Training server ready at %1</source>
        <translation>연습 서버 준비됨: %1</translation>
    </message>
    <message>
        <source>The training server could not start: %1</source>
        <translation>연습 서버를 시작하지 못했습니다: %1</translation>
    </message>
</context>
<context>
    <name>ModeBanner</name>
    <message>
        <source>LIVE PAYMENTS — cards are really charged</source>
        <translation>실제 결제 (LIVE) — 카드가 실제로 청구됩니다</translation>
    </message>
    <message>
        <source>TRAINING MODE (SANDBOX) — no real payments are made</source>
        <translation>연습 모드 (SANDBOX) — 실제 결제가 일어나지 않습니다</translation>
    </message>
    <message>
        <source>Live mode is selected but no API key is saved, so the app runs in training mode.</source>
        <translation>실제 결제가 선택되었지만 저장된 API 키가 없어 연습 모드로 실행 중입니다.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Training (sandbox)</source>
        <translation>연습 모드 (SANDBOX)</translation>
    </message>
    <message>
        <source>Live payments</source>
        <translation>실제 결제 (LIVE)</translation>
    </message>
    <message>
        <source>Profile and language changes apply after a restart.</source>
        <translation>프로필과 언어 변경은 프로그램을 다시 시작하면 적용됩니다.</translation>
    </message>
    <message>
        <source>Checking the keychain…</source>
        <translation>키체인 확인 중…</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>연결 테스트</translation>
    </message>
    <message>
        <source>Remove saved key</source>
        <translation>저장된 키 삭제</translation>
    </message>
    <message>
        <source>The first two digits of the card PIN are required (pwd_2digit)</source>
        <translation>카드 비밀번호 앞 2자리 필수 입력 (pwd_2digit)</translation>
    </message>
    <message>
        <source>Hide the window from screenshots and screen sharing</source>
        <translation>화면 캡처·화면 공유에서 창 숨기기</translation>
    </message>
    <message>
        <source>Works on Windows 10 (2004) and later.</source>
        <translation>Windows 10 (2004) 이상에서 동작합니다.</translation>
    </message>
    <message>
        <source>Works on Windows only; it has no effect on this computer.</source>
        <translation>Windows에서만 동작하며, 이 컴퓨터에서는 효과가 없습니다.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>운영 모드</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>프로필</translation>
    </message>
    <message>
        <source>PortOne API key (live payments)</source>
        <translation>PortOne API 키 (실제 결제용)</translation>
    </message>
    <message>
        <source>REST API key (imp_key)</source>
        <translation>REST API 키 (imp_key)</translation>
    </message>
    <message>
        <source>REST API secret (imp_secret)</source>
        <translation>REST API 시크릿 (imp_secret)</translation>
    </message>
    <message>
        <source>Payment gateway</source>
        <translation>PG (결제대행사)</translation>
    </message>
    <message>
        <source>PG value</source>
        <translation>PG 값</translation>
    </message>
    <message>
        <source>kcp, or kcp.{site_cd} for a specific KCP site.</source>
        <translation>kcp, 또는 특정 KCP 사이트는 kcp.{site_cd} 형식으로 입력합니다.</translation>
    </message>
    <message>
        <source>Merchant (printed on receipts)</source>
        <translation>가맹점 정보 (영수증에 인쇄)</translation>
    </message>
    <message>
        <source>Merchant name</source>
        <translation>상호</translation>
    </message>
    <message>
        <source>Business registration number</source>
        <translation>사업자등록번호</translation>
    </message>
    <message>
        <source>Display and privacy</source>
        <translation>화면 및 보안</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>No keychain on this computer: the API key cannot be saved, so live payments are not available and the app runs in training mode.</source>
        <translation>이 컴퓨터에는 키체인이 없습니다: API 키를 저장할 수 없으므로 실제 결제를 사용할 수 없고 연습 모드로 실행됩니다.</translation>
    </message>
    <message>
        <source>The key and secret are kept in: %1</source>
        <translation>API 키와 시크릿 저장 위치: %1</translation>
    </message>
    <message>
        <source>Saved — type to replace</source>
        <translation>저장됨 — 바꾸려면 새로 입력</translation>
    </message>
    <message>
        <source>The saved API key was removed.</source>
        <translation>저장된 API 키를 삭제했습니다.</translation>
    </message>
    <message>
        <source>Enter kcp or kcp.{site_cd} (letters and digits only).</source>
        <translation>kcp 또는 kcp.{site_cd} 형식으로 입력하세요 (영문과 숫자만).</translation>
    </message>
    <message>
        <source>Enter the 10-digit business registration number; the check digit fails.</source>
        <translation>사업자등록번호 10자리를 확인하세요: 검증 숫자가 맞지 않습니다.</translation>
    </message>
    <message>
        <source>This value is not valid.</source>
        <translation>올바른 값이 아닙니다.</translation>
    </message>
    <message>
        <source>Enter the REST API key that goes with the secret.</source>
        <translation>시크릿과 짝이 되는 REST API 키를 입력하세요.</translation>
    </message>
    <message>
        <source>Enter the secret of this REST API key.</source>
        <translation>이 REST API 키의 시크릿을 입력하세요.</translation>
    </message>
    <message>
        <source>Not saved: correct the marked fields.</source>
        <translation>저장하지 않았습니다: 표시된 항목을 고쳐 주세요.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>저장 중…</translation>
    </message>
    <message>
        <source>Settings saved, but the API key was not: %1</source>
        <translation>설정은 저장했지만 API 키는 저장하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>저장했습니다.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>저장하지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>연결 중…</translation>
    </message>
    <message>
        <source>The training server is not running; it starts when the app starts in training mode.</source>
        <translation>연습 서버가 실행 중이 아닙니다. 연습 모드로 프로그램을 시작하면 함께 시작됩니다.</translation>
    </message>
    <message>
        <source>Enter the REST API key and secret first.</source>
        <translation>먼저 REST API 키와 시크릿을 입력하세요.</translation>
    </message>
    <message>
        <source>Connected: %1 issued an access token.</source>
        <translation>연결 성공: %1에서 액세스 토큰을 발급받았습니다.</translation>
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation>연결 실패: %1</translation>
    </message>
</context>
<context>
    <name>TerminalPage</name>
    <message>
        <source>Terminal</source>
        <translation>단말기</translation>
    </message>
    <message>
        <source>The keyed-entry payment form will appear here: amount, order, buyer and card details in the order of a phone call.</source>
        <translation>이곳에 수기 결제 입력 화면이 들어옵니다: 전화 주문 순서대로 금액, 주문명, 구매자, 카드 정보를 입력합니다.</translation>
    </message>
    <message>
        <source>Starting the training server…</source>
        <translation>연습 서버 시작 중…</translation>
    </message>
</context>
</TS>